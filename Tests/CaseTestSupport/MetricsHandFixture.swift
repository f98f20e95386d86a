public import CaseDomain
public import Foundation

/// The hand-computed metrics fixture (agency BDT, thirteen dossiers of 2024–2025), shared by the pure oracle's tests
/// (`CaseDomainTests/FactsMetricCountsTests.swift`, where every count is derived by hand in the comments) and the
/// worker's tests, which load it into a real database and read it back through the projection.
public enum MetricsHandFixture {
    public static let agency = "BDT"
    public static let asOf = VietnamTime.parseRFC3339("2025-06-30T12:00:00+07:00")!

    public static func procedure(
        _ code: String,
        _ name: String,
        from: String = "2024-01-01",
        days: Int,
        online: String,
        written: Bool,
        fee: Int,
        agency: String = "BDT"
    ) -> String {
        #"{"v":1,"type":"procedure","code":""# + code + #"","name":""# + name + #"","agency":""# + agency + #"","valid_from":""# + from
            + #"","time_limit":{"value":"# + "\(days)" + #","unit":"working_days"},"online":""# + online + #"","postal":true,"written_result":"#
            + "\(written)" + #","fee":"# + "\(fee)" + "}"
    }

    public static func received(
        _ dossier: String,
        at: String,
        channel: String,
        procedure: String,
        components: String = "[]",
        fee: Int? = nil,
        due: String?,
        agency: String = "BDT"
    ) -> String {
        #"{"v":1,"type":"received","dossier":""# + dossier + #"","at":""# + at + #"","agency":""# + agency + #"","procedure":""# + procedure
            + #"","channel":""# + channel + #"","applicant":{"name":"Nguyễn Văn An","kind":"person"},"components":"# + components
            + (fee.map { #","fee":"# + "\($0)" } ?? "") + (due.map { #","due":""# + $0 + #"""# } ?? "") + "}"
    }

    public static func event(_ dossier: String, _ type: String, at: String, _ fields: String = "") -> String {
        #"{"v":1,"type":""# + type + #"","dossier":""# + dossier + #"","at":""# + at + #"""# + fields + "}"
    }

    public static let d01 = "000.00.13.H56-250303-0001", d02 = "000.00.13.H56-250304-0001", d03 = "000.00.13.H56-250305-0001"
    public static let d04 = "000.00.13.H56-250310-0001", d05 = "000.00.13.H56-250312-0001", d06 = "000.00.13.H56-250314-0001"
    public static let d07 = "000.00.13.H56-250210-0001", d08 = "000.00.13.H56-250106-0001", d09 = "000.00.13.H56-241220-0001"
    public static let d10 = "000.00.13.H56-250320-0001", d11 = "000.00.20.H56-250305-0001", d12 = "000.00.13.H56-250401-0001"
    public static let d13 = "000.00.13.H56-250710-0001"

    public static let digitized = #"[{"code":"A","digitized":true,"reused":false}]"#

    public static let log: [String] = [
        #"{"v":1,"type":"agency","code":"BDT","name":"Ban Dân tộc tỉnh","identifier":"000.00.13.H56"}"#,
        #"{"v":1,"type":"agency","code":"SXD","name":"Sở Xây dựng","identifier":"000.00.20.H56"}"#,
        procedure("1.012222", "Công nhận người có uy tín", days: 25, online: "full", written: true, fee: 0),
        procedure("1.000001", "Thủ tục có phí", days: 10, online: "partial", written: true, fee: 50_000),
        procedure("2.000002", "Thủ tục không trực tuyến", days: 5, online: "none", written: false, fee: 0),
        procedure("3.000003", "Thủ tục lên trực tuyến từ tháng 3", days: 10, online: "none", written: true, fee: 0),
        procedure("3.000003", "Thủ tục lên trực tuyến từ tháng 3", from: "2025-03-01", days: 10, online: "full", written: true, fee: 0),
        procedure("4.000004", "Thủ tục chưa có hồ sơ", days: 10, online: "full", written: true, fee: 0),
        procedure("9.000009", "Thủ tục của Sở Xây dựng", days: 10, online: "full", written: true, fee: 0, agency: "SXD"),

        received(d09, at: "2024-12-20T08:00:00+07:00", channel: "direct", procedure: "1.012222", due: "2025-01-10T17:00:00+07:00"),
        event(d09, "processing_started", at: "2024-12-20T09:00:00+07:00"),

        received(
            d08,
            at: "2025-01-06T08:00:00+07:00",
            channel: "direct",
            procedure: "1.012222",
            components: #"[{"code":"A","digitized":true,"reused":true}]"#,
            due: "2025-02-14T17:00:00+07:00"
        ),
        event(d08, "refused", at: "2025-01-06T09:00:00+07:00", #","reason":"Không thuộc thẩm quyền""#),

        received(
            d07,
            at: "2025-02-10T08:00:00+07:00",
            channel: "online",
            procedure: "3.000003",
            components: digitized,
            due: "2025-02-28T17:00:00+07:00"
        ),
        event(d07, "processing_started", at: "2025-02-10T09:00:00+07:00"),
        event(d07, "result_ready", at: "2025-02-20T10:00:00+07:00", #","electronic":false"#),
        event(d07, "returned", at: "2025-02-21T09:00:00+07:00", #","channel":"online""#),

        received(
            d01,
            at: "2025-03-03T08:00:00+07:00",
            channel: "direct",
            procedure: "1.012222",
            components: #"[{"code":"A","digitized":true,"reused":false},{"code":"B","digitized":true,"reused":false}]"#,
            due: "2025-03-20T17:00:00+07:00"
        ),
        event(d01, "processing_started", at: "2025-03-03T09:00:00+07:00"),
        event(d01, "handed_over", at: "2025-03-04T09:00:00+07:00", #","from":"cv.lan","to":"cv.minh""#),
        event(d01, "result_ready", at: "2025-03-10T10:00:00+07:00", #","electronic":true,"result_code":"000.00.13.H56-250303-0001-KQ1""#),
        event(d01, "returned", at: "2025-03-11T09:00:00+07:00", #","channel":"direct""#),

        received(
            d02,
            at: "2025-03-04T08:00:00+07:00",
            channel: "online",
            procedure: "1.012222",
            components: #"[{"code":"A","digitized":true,"reused":true}]"#,
            due: "2025-03-14T17:00:00+07:00"
        ),
        event(d02, "processing_started", at: "2025-03-04T09:00:00+07:00"),
        event(d02, "supplement_requested", at: "2025-03-05T08:00:00+07:00", #","reason":"Thiếu biên bản họp thôn""#),
        event(d02, "supplement_received", at: "2025-03-07T08:00:00+07:00"),
        event(d02, "result_ready", at: "2025-03-18T16:00:00+07:00", #","electronic":false"#),
        event(d02, "returned", at: "2025-03-19T09:00:00+07:00", #","channel":"postal","tracking":"EV000000001VN""#),
        event(d02, "result_digitized", at: "2025-04-02T09:00:00+07:00"),

        received(
            d03,
            at: "2025-03-05T08:00:00+07:00",
            channel: "postal",
            procedure: "1.000001",
            components: #"[{"code":"A","digitized":false,"reused":false},{"code":"B","digitized":true,"reused":false}]"#,
            due: nil
        ),
        received(d11, at: "2025-03-05T08:00:00+07:00", channel: "online", procedure: "9.000009", due: "2025-03-10T17:00:00+07:00", agency: "SXD"),
        event(d03, "processing_started", at: "2025-03-05T09:00:00+07:00"),
        event(d11, "processing_started", at: "2025-03-05T09:00:00+07:00"),
        event(d03, "fee_requested", at: "2025-03-06T09:00:00+07:00", #","amount":50000"#),
        event(d03, "fee_paid", at: "2025-03-06T10:00:00+07:00", #","amount":50000,"online":true"#),
        event(d11, "result_ready", at: "2025-03-06T10:00:00+07:00", #","electronic":true"#),
        event(d03, "component_digitized", at: "2025-03-07T09:00:00+07:00", #","component":"A","reused":false"#),
        event(d11, "returned", at: "2025-03-07T09:00:00+07:00", #","channel":"postal""#),
        event(d03, "apologized", at: "2025-03-18T09:00:00+07:00", #","reason":"Cần xác minh thêm","new_due":"2025-03-26T17:00:00+07:00""#),
        event(d03, "result_ready", at: "2025-03-25T10:00:00+07:00", #","electronic":true"#),
        event(d03, "returned", at: "2025-03-26T09:00:00+07:00", #","channel":"postal""#),

        received(d04, at: "2025-03-10T08:00:00+07:00", channel: "direct", procedure: "2.000002", due: "2025-03-17T17:00:00+07:00"),
        event(d04, "processing_started", at: "2025-03-10T09:00:00+07:00"),
        event(d04, "supplement_requested", at: "2025-03-11T08:00:00+07:00", #","reason":"Thiếu""#),
        event(d04, "supplement_received", at: "2025-03-12T08:00:00+07:00"),
        event(d04, "supplement_requested", at: "2025-03-13T08:00:00+07:00", #","reason":"Vẫn thiếu""#),
        event(d04, "supplement_received", at: "2025-03-14T08:00:00+07:00"),
        event(d04, "result_ready", at: "2025-03-14T10:00:00+07:00", #","electronic":false"#),

        received(
            d05,
            at: "2025-03-12T08:00:00+07:00",
            channel: "online",
            procedure: "1.000001",
            components: digitized,
            fee: 0,
            due: "2025-03-26T17:00:00+07:00"
        ),
        event(d05, "processing_started", at: "2025-03-12T09:00:00+07:00"),
        event(d05, "apologized", at: "2025-03-20T09:00:00+07:00", #","reason":"Chờ ý kiến liên ngành","new_due":"2025-04-15T17:00:00+07:00""#),

        received(
            d06,
            at: "2025-03-14T08:00:00+07:00",
            channel: "direct",
            procedure: "1.012222",
            components: #"[{"code":"A","digitized":false,"reused":false}]"#,
            due: "2025-03-21T17:00:00+07:00"
        ),
        event(d06, "processing_started", at: "2025-03-14T09:00:00+07:00"),
        event(d06, "supplement_requested", at: "2025-03-20T08:00:00+07:00", #","reason":"Thiếu ảnh""#),

        received(
            d10,
            at: "2025-03-20T08:00:00+07:00",
            channel: "direct",
            procedure: "1.000001",
            components: #"[{"code":"A","digitized":false,"reused":false}]"#,
            due: "2025-04-03T17:00:00+07:00"
        ),
        event(d10, "processing_started", at: "2025-03-20T09:00:00+07:00"),
        event(d10, "fee_requested", at: "2025-03-20T10:00:00+07:00", #","amount":50000"#),
        event(d10, "fee_paid", at: "2025-03-20T11:00:00+07:00", #","amount":50000,"online":false"#),
        event(d10, "component_digitized", at: "2025-03-21T09:00:00+07:00", #","component":"A","reused":true"#),
        event(d10, "stopped", at: "2025-03-28T10:00:00+07:00", #","reason":"Theo yêu cầu của cơ quan cấp trên""#),

        received(
            d12,
            at: "2025-04-01T00:00:00+07:00",
            channel: "online",
            procedure: "1.012222",
            components: digitized,
            fee: 20_000,
            due: "2025-04-20T17:00:00+07:00"
        ),
        event(d12, "processing_started", at: "2025-04-01T08:00:00+07:00"),
        event(d12, "apologized", at: "2025-04-10T09:00:00+07:00", #","reason":"Chậm","new_due":"2025-05-05T17:00:00+07:00""#),

        event(d05, "result_ready", at: "2025-04-15T10:00:00+07:00", #","electronic":true"#),
        event(d05, "returned", at: "2025-04-16T09:00:00+07:00", #","channel":"direct""#),
        event(d09, "withdrawn", at: "2025-05-05T09:00:00+07:00"),
        event(d06, "component_digitized", at: "2025-07-05T09:00:00+07:00", #","component":"A","reused":true"#),
        received(d13, at: "2025-07-10T08:00:00+07:00", channel: "online", procedure: "1.000001", components: digitized, due: nil),
    ]
}
