import CaseDomain
import CaseStore
import Foundation
import Postgres

/// The benchmark's province: 20 provincial agencies with the share of the province's dossiers each receives, five
/// procedures each, and the communes applicants come from.
struct Province {
    struct Agency {
        var code: String
        var name: String
        var identifier: String
        /// Share of the province's dossiers, in percent.
        var weight: Int
        /// What its procedures are about, e.g. "giấy phép lái xe".
        var subject: String
        var field: String
    }

    let agencies: [Agency] = [
        .init(code: "SGTVT", name: "Sở Giao thông vận tải", identifier: "000.00.01.H36", weight: 16, subject: "giấy phép lái xe", field: "Đường bộ"),
        .init(code: "STP", name: "Sở Tư pháp", identifier: "000.00.02.H36", weight: 14, subject: "Phiếu lý lịch tư pháp", field: "Lý lịch tư pháp"),
        .init(
            code: "SKHDT",
            name: "Sở Kế hoạch và Đầu tư",
            identifier: "000.00.03.H36",
            weight: 12,
            subject: "giấy chứng nhận đăng ký doanh nghiệp",
            field: "Thành lập và hoạt động của doanh nghiệp"
        ),
        .init(
            code: "SLDTBXH",
            name: "Sở Lao động - Thương binh và Xã hội",
            identifier: "000.00.04.H36",
            weight: 7,
            subject: "giấy phép lao động cho người nước ngoài",
            field: "Việc làm"
        ),
        .init(
            code: "STNMT",
            name: "Sở Tài nguyên và Môi trường",
            identifier: "000.00.05.H36",
            weight: 6,
            subject: "giấy chứng nhận quyền sử dụng đất",
            field: "Đất đai"
        ),
        .init(
            code: "SYT",
            name: "Sở Y tế",
            identifier: "000.00.06.H36",
            weight: 6,
            subject: "chứng chỉ hành nghề khám bệnh, chữa bệnh",
            field: "Khám bệnh, chữa bệnh"
        ),
        .init(code: "SXD", name: "Sở Xây dựng", identifier: "000.00.07.H36", weight: 5, subject: "giấy phép xây dựng", field: "Hoạt động xây dựng"),
        .init(
            code: "SGDDT",
            name: "Sở Giáo dục và Đào tạo",
            identifier: "000.00.08.H36",
            weight: 5,
            subject: "bản sao văn bằng, chứng chỉ",
            field: "Văn bằng, chứng chỉ"
        ),
        .init(
            code: "SCT",
            name: "Sở Công Thương",
            identifier: "000.00.09.H36",
            weight: 5,
            subject: "giấy phép bán lẻ rượu",
            field: "Lưu thông hàng hóa trong nước"
        ),
        .init(
            code: "SNNPTNT",
            name: "Sở Nông nghiệp và Phát triển nông thôn",
            identifier: "000.00.10.H36",
            weight: 4,
            subject: "giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
            field: "Quản lý chất lượng nông lâm thủy sản"
        ),
        .init(
            code: "SVHTTDL",
            name: "Sở Văn hóa, Thể thao và Du lịch",
            identifier: "000.00.11.H36",
            weight: 3,
            subject: "giấy phép kinh doanh dịch vụ lữ hành nội địa",
            field: "Du lịch"
        ),
        .init(
            code: "SNV",
            name: "Sở Nội vụ",
            identifier: "000.00.12.H36",
            weight: 3,
            subject: "quyết định công nhận ban vận động thành lập hội",
            field: "Tổ chức phi chính phủ"
        ),
        .init(
            code: "BDT",
            name: "Ban Dân tộc",
            identifier: "000.00.13.H36",
            weight: 2,
            subject: "công nhận người có uy tín trong đồng bào dân tộc thiểu số",
            field: "Công tác dân tộc"
        ),
        .init(
            code: "BQLKCN",
            name: "Ban Quản lý các khu công nghiệp",
            identifier: "000.00.14.H36",
            weight: 3,
            subject: "giấy chứng nhận đăng ký đầu tư",
            field: "Đầu tư tại Việt Nam"
        ),
        .init(
            code: "STC",
            name: "Sở Tài chính",
            identifier: "000.00.15.H36",
            weight: 2,
            subject: "mã số đơn vị có quan hệ với ngân sách",
            field: "Tin học - Thống kê"
        ),
        .init(
            code: "SKHCN",
            name: "Sở Khoa học và Công nghệ",
            identifier: "000.00.16.H36",
            weight: 2,
            subject: "giấy phép tiến hành công việc bức xạ",
            field: "An toàn bức xạ và hạt nhân"
        ),
        .init(
            code: "STTTT",
            name: "Sở Thông tin và Truyền thông",
            identifier: "000.00.17.H36",
            weight: 2,
            subject: "giấy phép xuất bản bản tin",
            field: "Báo chí"
        ),
        .init(
            code: "SNGV",
            name: "Sở Ngoại vụ",
            identifier: "000.00.18.H36",
            weight: 1,
            subject: "văn bản cho phép tổ chức hội nghị quốc tế",
            field: "Công tác lãnh sự"
        ),
        .init(
            code: "TTRA",
            name: "Thanh tra tỉnh",
            identifier: "000.00.19.H36",
            weight: 1,
            subject: "quyết định giải quyết khiếu nại lần hai",
            field: "Giải quyết khiếu nại"
        ),
        .init(
            code: "VPUBND",
            name: "Văn phòng Ủy ban nhân dân tỉnh",
            identifier: "000.00.20.H36",
            weight: 1,
            subject: "thẻ đi lại của doanh nhân APEC",
            field: "Hợp tác quốc tế"
        ),
    ]

    /// The five procedures of every agency, as (verb, time limit in working days, online, postal, written result,
    /// fee in VND, components). The first changes on 2025-07-01: its time limit is cut, as administrative reform does.
    struct Template {
        var verb: String
        var days: Int
        var online: OnlineService
        var postal: Bool
        var writtenResult: Bool
        var fee: Int
    }

    let templates: [Template] = [
        .init(verb: "Cấp", days: 10, online: .full, postal: true, writtenResult: true, fee: 0),
        .init(verb: "Cấp lại", days: 5, online: .full, postal: true, writtenResult: true, fee: 50_000),
        .init(verb: "Cấp đổi", days: 7, online: .partial, postal: true, writtenResult: true, fee: 135_000),
        .init(verb: "Điều chỉnh nội dung", days: 15, online: .partial, postal: true, writtenResult: true, fee: 0),
        .init(verb: "Xác nhận thông tin về", days: 3, online: .none, postal: false, writtenResult: false, fee: 0),
    ]
    static let reformDay = LocalDate(year: 2025, month: 7, day: 1)!
    static let reformedDays = 7

    let components: [ProcedureComponent] = [
        ProcedureComponent(code: "TP1", name: "Đơn đề nghị theo mẫu"),
        ProcedureComponent(code: "TP2", name: "Bản sao giấy tờ chứng minh nhân thân"),
        ProcedureComponent(code: "TP3", name: "Giấy tờ chứng minh đủ điều kiện"),
    ]

    /// Communes of the province (codes of the national list of administrative units).
    let communes: [(code: String, name: String)] = (0..<40).map { index in
        let names = [
            "Phường 1", "Phường 2", "Phường 3", "Phường 4", "Xã Tà Nung", "Xã Xuân Thọ", "Xã Xuân Trường", "Xã Trạm Hành",
            "Thị trấn Lạc Dương", "Xã Đạ Sar", "Xã Đạ Nhim", "Xã Đưng K'Nớ", "Xã Lát", "Xã Đạ Chais", "Thị trấn Đinh Văn",
            "Xã Phú Sơn", "Xã Phi Tô", "Xã Đạ Đờn", "Xã Nam Hà", "Xã Mê Linh", "Xã Đông Thanh", "Xã Gia Lâm", "Xã Tân Hà",
            "Xã Đan Phượng", "Xã Liên Hiệp", "Xã Hiệp An", "Xã Hiệp Thạnh", "Xã Ninh Gia", "Xã Ninh Loan", "Xã Tà Năng",
            "Xã Đà Loan", "Xã Tà Hine", "Xã Phú Hội", "Xã N'Thol Hạ", "Xã Bình Thạnh", "Xã Tân Thành", "Xã Đạ Ròn",
            "Thị trấn Di Linh", "Xã Gung Ré", "Xã Bảo Thuận",
        ]
        return (String(format: "%05d", 24_700 + index), names[index])
    }

    func procedureCode(agency: Int, template: Int) -> String {
        String(format: "2.%06d", 1_000 + agency * 10 + template)
    }

    var procedures: [ProcedureRecord] {
        var result: [ProcedureRecord] = []
        for (a, agency) in agencies.enumerated() {
            for (t, template) in templates.enumerated() {
                let name = "\(template.verb) \(agency.subject)"
                let record = ProcedureRecord(
                    code: procedureCode(agency: a, template: t),
                    name: name,
                    agency: agency.code,
                    validFrom: LocalDate(year: 2020, month: 1, day: 1)!,
                    timeLimit: .workingDays(template.days),
                    online: template.online,
                    postal: template.postal,
                    writtenResult: template.writtenResult,
                    fee: template.fee,
                    field: agency.field,
                    components: components
                )
                result.append(record)
                if t == 0 {
                    var reformed = record
                    reformed.validFrom = Self.reformDay
                    reformed.timeLimit = .workingDays(Self.reformedDays)
                    result.append(reformed)
                }
            }
        }
        return result
    }

    /// Writes the agencies, procedures (through the case-log importer) and communes; idempotent.
    func install(_ database: Database) async throws {
        let records = agencies.map { AgencyRecord(code: $0.code, name: $0.name, identifier: $0.identifier) }
        try await CaseLogImporter(database: database).importText(CaseLogEncoder.encodeFile(agencies: records, procedures: procedures, events: []))
        for commune in communes {
            try await database.client.query(
                "INSERT INTO locality (code, name, level) VALUES (\(commune.code), \(commune.name), 'commune') ON CONFLICT (code) DO NOTHING"
            )
        }
    }
}
