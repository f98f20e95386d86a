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

    public static let localities: [Locality] =
        [
            Locality(code: "36", name: "Tỉnh Lâm Hà (minh họa)", level: .province)
        ]
        + [
            ("36001", "Xã Tân Lập"), ("36002", "Xã Hòa Bình"), ("36003", "Xã Đạ Tông"), ("36004", "Xã Đắk Pling"), ("36005", "Xã Lộc Bắc"),
            ("36006", "Xã Phi Liêng"), ("36007", "Xã Đưng K'Nớ"), ("36008", "Phường Bảo Lộc"), ("36009", "Xã Tà Nung"),
            ("36010", "Xã Ka Đô"), ("36011", "Xã Quảng Lập"), ("36012", "Xã Đinh Trang Thượng"),
        ].map { Locality(code: $0.0, name: $0.1, level: .commune, parentCode: "36") }

    static func day(_ text: String) -> LocalDate {
        LocalDate(iso: text) ?? LocalDate(julianDay: 2_451_545)
    }

    /// One procedure version of the demo catalogue: a row of the table below.
    static func procedure(
        _ code: String,
        _ name: String,
        _ agency: String,
        from: String,
        _ limit: TimeLimit,
        _ online: OnlineService,
        postal: Bool,
        fee: Int,
        _ field: String,
        _ components: [(String, String)]
    ) -> ProcedureRecord {
        ProcedureRecord(
            code: code,
            name: name,
            agency: agency,
            validFrom: day(from),
            timeLimit: limit,
            online: online,
            postal: postal,
            writtenResult: true,
            fee: fee,
            field: field,
            components: components.map { ProcedureComponent(code: $0.0, name: $0.1) }
        )
    }

    public static let procedures: [ProcedureRecord] = {
        let prestige = "Công nhận người có uy tín trong đồng bào dân tộc thiểu số"
        let prestigeComponents = [
            ("TP1", "Biên bản họp thôn, làng, bản bình chọn người có uy tín"), ("TP2", "Văn bản đề nghị của Ủy ban nhân dân cấp xã"),
            ("TP3", "Danh sách trích ngang người được đề nghị công nhận"),
        ]
        let ethnic = "Công tác dân tộc"
        // swift-format-ignore
        return [
            procedure("1.012222", prestige, "BDT", from: "2018-06-08", .workingDays(15), .partial, postal: true, fee: 0, ethnic, prestigeComponents),
            procedure("1.012222", prestige, "BDT", from: "2024-01-01", .workingDays(25), .full, postal: true, fee: 0, ethnic, prestigeComponents),
            procedure(
                "1.012223", "Đưa ra khỏi danh sách người có uy tín trong đồng bào dân tộc thiểu số", "BDT", from: "2024-01-01",
                .workingDays(10), .full, postal: true, fee: 0, ethnic,
                [("TP1", "Biên bản họp thôn"), ("TP2", "Văn bản đề nghị của Ủy ban nhân dân cấp xã")]),
            procedure(
                "2.002165", "Thẩm định, phê duyệt danh sách đối tượng hưởng chính sách hỗ trợ đồng bào dân tộc thiểu số", "BDT",
                from: "2023-01-01", .workingDays(20), .none, postal: false, fee: 0, ethnic, [("TP1", "Tờ trình và danh sách đề nghị")]),
            procedure(
                "1.005384", "Thi tuyển công chức", "SNV", from: "2020-08-01", .days(30), .partial, postal: true, fee: 500_000,
                "Công chức, viên chức", [("TP1", "Phiếu đăng ký dự tuyển")]),
            procedure(
                "1.009331", "Thủ tục thành lập hội", "SNV", from: "2021-01-01", .workingDays(30), .partial, postal: true, fee: 0,
                "Tổ chức phi chính phủ", [("TP1", "Đơn đề nghị thành lập hội"), ("TP2", "Dự thảo điều lệ")]),
            procedure(
                "2.001417", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam", "STP", from: "2020-01-01", .workingDays(10), .full,
                postal: true, fee: 200_000, "Lý lịch tư pháp",
                [("TP1", "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp"), ("TP2", "Bản chụp giấy tờ tùy thân")]),
            procedure(
                "2.000815", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", "STP", from: "2020-01-01", .workingHours(8), .none,
                postal: false, fee: 2_000, "Chứng thực", [("TP1", "Bản chính và bản sao cần chứng thực")]),
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
