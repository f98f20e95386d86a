public import CaseDomain
import Foundation

/// Demo reference data: a provincial Ban Dân tộc and two more agencies, a dozen communes, and real procedures —
/// loaded into an empty embedded database so that a newcomer can try the service at once.
public enum DemoData {
    public static let agencies: [Agency] = [
        Agency(code: "BDT", name: "Ban Dân tộc tỉnh", identifier: "000.00.13.H36"),
        Agency(code: "SNV", name: "Sở Nội vụ tỉnh", identifier: "000.00.12.H36"),
        Agency(code: "STP", name: "Sở Tư pháp tỉnh", identifier: "000.00.15.H36"),
    ]

    public static let localities: [Locality] = [
        Locality(code: "36", name: "Tỉnh Lâm Hà (minh họa)", level: .province)
    ] + [
        ("36001", "Xã Tân Lập"), ("36002", "Xã Hòa Bình"), ("36003", "Xã Đạ Tông"), ("36004", "Xã Đắk Pling"), ("36005", "Xã Lộc Bắc"),
        ("36006", "Xã Phi Liêng"), ("36007", "Xã Đưng K'Nớ"), ("36008", "Phường Bảo Lộc"), ("36009", "Xã Tà Nung"),
        ("36010", "Xã Ka Đô"), ("36011", "Xã Quảng Lập"), ("36012", "Xã Đinh Trang Thượng"),
    ].map { Locality(code: $0.0, name: $0.1, level: .commune, parentCode: "36") }

    static func day(_ text: String) -> LocalDate {
        LocalDate(iso: text) ?? LocalDate(julianDay: 2_451_545)
    }

    public static let procedures: [ProcedureRecord] = {
        let prestige = "Công nhận người có uy tín trong đồng bào dân tộc thiểu số"
        let prestigeComponents = [
            ProcedureComponent(code: "TP1", name: "Biên bản họp thôn, làng, bản bình chọn người có uy tín"),
            ProcedureComponent(code: "TP2", name: "Văn bản đề nghị của Ủy ban nhân dân cấp xã"),
            ProcedureComponent(code: "TP3", name: "Danh sách trích ngang người được đề nghị công nhận"),
        ]
        return [
            ProcedureRecord(
                code: "1.012222", name: prestige, agency: "BDT", validFrom: day("2018-06-08"), timeLimit: .workingDays(15), online: .partial,
                postal: true, writtenResult: true, fee: 0, field: "Công tác dân tộc", components: prestigeComponents),
            ProcedureRecord(
                code: "1.012222", name: prestige, agency: "BDT", validFrom: day("2024-01-01"), timeLimit: .workingDays(25), online: .full,
                postal: true, writtenResult: true, fee: 0, field: "Công tác dân tộc", components: prestigeComponents),
            ProcedureRecord(
                code: "1.012223", name: "Đưa ra khỏi danh sách người có uy tín trong đồng bào dân tộc thiểu số", agency: "BDT",
                validFrom: day("2024-01-01"), timeLimit: .workingDays(10), online: .full, postal: true, writtenResult: true, fee: 0,
                field: "Công tác dân tộc",
                components: [
                    ProcedureComponent(code: "TP1", name: "Biên bản họp thôn"),
                    ProcedureComponent(code: "TP2", name: "Văn bản đề nghị của Ủy ban nhân dân cấp xã"),
                ]),
            ProcedureRecord(
                code: "2.002165", name: "Thẩm định, phê duyệt danh sách đối tượng hưởng chính sách hỗ trợ đồng bào dân tộc thiểu số",
                agency: "BDT", validFrom: day("2023-01-01"), timeLimit: .workingDays(20), online: .none, postal: false, writtenResult: true,
                fee: 0, field: "Công tác dân tộc", components: [ProcedureComponent(code: "TP1", name: "Tờ trình và danh sách đề nghị")]),
            ProcedureRecord(
                code: "1.005384", name: "Thi tuyển công chức", agency: "SNV", validFrom: day("2020-08-01"), timeLimit: .days(30),
                online: .partial, postal: true, writtenResult: true, fee: 500_000, field: "Công chức, viên chức",
                components: [ProcedureComponent(code: "TP1", name: "Phiếu đăng ký dự tuyển")]),
            ProcedureRecord(
                code: "1.009331", name: "Thủ tục thành lập hội", agency: "SNV", validFrom: day("2021-01-01"), timeLimit: .workingDays(30),
                online: .partial, postal: true, writtenResult: true, fee: 0, field: "Tổ chức phi chính phủ",
                components: [
                    ProcedureComponent(code: "TP1", name: "Đơn đề nghị thành lập hội"), ProcedureComponent(code: "TP2", name: "Dự thảo điều lệ"),
                ]),
            ProcedureRecord(
                code: "2.001417", name: "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam", agency: "STP", validFrom: day("2020-01-01"),
                timeLimit: .workingDays(10), online: .full, postal: true, writtenResult: true, fee: 200_000, field: "Lý lịch tư pháp",
                components: [
                    ProcedureComponent(code: "TP1", name: "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp"),
                    ProcedureComponent(code: "TP2", name: "Bản chụp giấy tờ tùy thân"),
                ]),
            ProcedureRecord(
                code: "2.000815", name: "Chứng thực bản sao từ bản chính giấy tờ, văn bản", agency: "STP", validFrom: day("2020-01-01"),
                timeLimit: .workingHours(8), online: .none, postal: false, writtenResult: true, fee: 2_000, field: "Chứng thực",
                components: [ProcedureComponent(code: "TP1", name: "Bản chính và bản sao cần chứng thực")]),
        ]
    }()

    /// Loads the demo data when the database has no agency yet; returns whether it did.
    @discardableResult
    public static func installIfEmpty(database: Database) async throws -> Bool {
        let references = ReferenceStore(database: database)
        guard try await references.agencies().isEmpty else { return false }
        for agency in agencies { try await references.upsert(agency) }
        for locality in localities { try await references.upsert(locality) }
        for procedure in procedures { try await references.upsert(procedure) }
        return true
    }
}
