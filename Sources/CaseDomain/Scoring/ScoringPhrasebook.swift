/// The words a leader reads for each metric: what its numerator and denominator count, in Vietnamese and English.
/// Every metric id a rubric may reference has an entry here; the list of ids is this table's keys.
struct ScoringPhrasebook: Sendable {
    /// What one counted item is: "hồ sơ", "kết quả", "TTHC".
    let unitVI: String
    let unitEN: (singular: String, plural: String)
    /// What the numerator counts, after the unit: "được tiếp nhận trực tuyến".
    let numeratorVI: String
    let numeratorEN: String
    /// The failing side, after the unit: "không được tiếp nhận trực tuyến".
    let failingVI: String
    let failingEN: String
    /// A whole sentence for a zero numerator: "Không tiếp nhận hồ sơ nào qua dịch vụ bưu chính công ích".
    let noneVI: String
    let noneEN: String
    /// What the denominator counts, as "x % of …": "số hồ sơ tiếp nhận trong kỳ".
    let denominatorVI: String
    let denominatorEN: String
    /// Why the metric does not apply (zero denominator): "không có hồ sơ nào được tiếp nhận trong kỳ".
    let notApplicableVI: String
    let notApplicableEN: String

    static func entry(for metricID: String) -> ScoringPhrasebook? {
        table.first { $0.id == metricID }?.phrases
    }

    static var metricIDs: [String] { table.map(\.id) }

    private static let receivedDenominatorVI = "số hồ sơ tiếp nhận trong kỳ"
    private static let receivedDenominatorEN = "dossiers received in the period"
    private static let receivedNoneVI = "không có hồ sơ nào được tiếp nhận trong kỳ"
    private static let receivedNoneEN = "no dossier was received in the period"
    private static let dossier = (singular: "dossier", plural: "dossiers")

    private static let table: [(id: String, phrases: ScoringPhrasebook)] = [
        (
            "channel.online",
            ScoringPhrasebook(
                unitVI: "hồ sơ",
                unitEN: dossier,
                numeratorVI: "được tiếp nhận trực tuyến",
                numeratorEN: "received online",
                failingVI: "không được tiếp nhận trực tuyến",
                failingEN: "not received online",
                noneVI: "Không có hồ sơ nào được tiếp nhận trực tuyến",
                noneEN: "No dossier was received online",
                denominatorVI: receivedDenominatorVI,
                denominatorEN: receivedDenominatorEN,
                notApplicableVI: receivedNoneVI,
                notApplicableEN: receivedNoneEN
            )
        ),
        (
            "channel.postal_in",
            ScoringPhrasebook(
                unitVI: "hồ sơ",
                unitEN: dossier,
                numeratorVI: "được tiếp nhận qua dịch vụ bưu chính công ích",
                numeratorEN: "received through the public postal service",
                failingVI: "không được tiếp nhận qua dịch vụ bưu chính công ích",
                failingEN: "not received by post",
                noneVI: "Không tiếp nhận hồ sơ nào qua dịch vụ bưu chính công ích",
                noneEN: "No dossier was received through the public postal service",
                denominatorVI: receivedDenominatorVI,
                denominatorEN: receivedDenominatorEN,
                notApplicableVI: receivedNoneVI,
                notApplicableEN: receivedNoneEN
            )
        ),
        (
            "channel.direct",
            ScoringPhrasebook(
                unitVI: "hồ sơ",
                unitEN: dossier,
                numeratorVI: "được tiếp nhận trực tiếp tại Bộ phận Một cửa",
                numeratorEN: "received at the one-stop desk",
                failingVI: "không được tiếp nhận trực tiếp",
                failingEN: "not received at the desk",
                noneVI: "Không có hồ sơ nào được tiếp nhận trực tiếp tại Bộ phận Một cửa",
                noneEN: "No dossier was received at the one-stop desk",
                denominatorVI: receivedDenominatorVI,
                denominatorEN: receivedDenominatorEN,
                notApplicableVI: receivedNoneVI,
                notApplicableEN: receivedNoneEN
            )
        ),
        (
            "return.postal",
            ScoringPhrasebook(
                unitVI: "kết quả",
                unitEN: (singular: "result", plural: "results"),
                numeratorVI: "được trả qua dịch vụ bưu chính công ích",
                numeratorEN: "returned through the public postal service",
                failingVI: "không được trả qua dịch vụ bưu chính công ích",
                failingEN: "not returned by post",
                noneVI: "Không trả kết quả nào qua dịch vụ bưu chính công ích",
                noneEN: "No result was returned through the public postal service",
                denominatorVI: "số kết quả đã trả trong kỳ",
                denominatorEN: "results returned in the period",
                notApplicableVI: "không có kết quả nào được trả trong kỳ",
                notApplicableEN: "no result was returned in the period"
            )
        ),
        (
            "procedures.with_online_dossiers",
            ScoringPhrasebook(
                unitVI: "TTHC",
                unitEN: (singular: "procedure", plural: "procedures"),
                numeratorVI: "cung cấp trực tuyến có phát sinh hồ sơ trực tuyến",
                numeratorEN: "offered online with at least one online dossier",
                failingVI: "cung cấp trực tuyến nhưng chưa phát sinh hồ sơ trực tuyến",
                failingEN: "offered online without any online dossier",
                noneVI: "Không có TTHC nào phát sinh hồ sơ trực tuyến",
                noneEN: "No procedure offered online received an online dossier",
                denominatorVI: "số TTHC được cung cấp trực tuyến",
                denominatorEN: "procedures offered online",
                notApplicableVI: "cơ quan không có TTHC nào được cung cấp trực tuyến",
                notApplicableEN: "the agency offers no procedure online"
            )
        ),
        (
            "timeliness.on_time",
            ScoringPhrasebook(
                unitVI: "hồ sơ",
                unitEN: dossier,
                numeratorVI: "được giải quyết đúng hạn",
                numeratorEN: "handled on time",
                failingVI: "trễ hạn",
                failingEN: "late",
                noneVI: "Không có hồ sơ nào được giải quyết đúng hạn",
                noneEN: "No dossier was handled on time",
                denominatorVI: "số hồ sơ đã giải quyết hoặc đến hạn trong kỳ",
                denominatorEN: "dossiers finished or due in the period",
                notApplicableVI: "không có hồ sơ nào đã giải quyết hoặc đến hạn trong kỳ",
                notApplicableEN: "no dossier was finished or due in the period"
            )
        ),
        (
            "timeliness.late_with_apology",
            ScoringPhrasebook(
                unitVI: "hồ sơ",
                unitEN: dossier,
                numeratorVI: "trễ hạn có văn bản xin lỗi kịp thời",
                numeratorEN: "late with a timely letter of apology",
                failingVI: "trễ hạn chưa có văn bản xin lỗi",
                failingEN: "late without a letter of apology",
                noneVI: "Không có hồ sơ trễ hạn nào có văn bản xin lỗi kịp thời",
                noneEN: "No late dossier had a timely letter of apology",
                denominatorVI: "số hồ sơ trễ hạn",
                denominatorEN: "late dossiers",
                notApplicableVI: "không có hồ sơ trễ hạn trong kỳ",
                notApplicableEN: "no dossier was late in the period"
            )
        ),
        (
            "digitization.dossiers",
            ScoringPhrasebook(
                unitVI: "hồ sơ",
                unitEN: dossier,
                numeratorVI: "được số hóa đầy đủ",
                numeratorEN: "fully digitized",
                failingVI: "chưa được số hóa đầy đủ",
                failingEN: "not fully digitized",
                noneVI: "Chưa có hồ sơ nào được số hóa đầy đủ",
                noneEN: "No dossier has been fully digitized",
                denominatorVI: receivedDenominatorVI,
                denominatorEN: receivedDenominatorEN,
                notApplicableVI: receivedNoneVI,
                notApplicableEN: receivedNoneEN
            )
        ),
        (
            "digitization.results",
            ScoringPhrasebook(
                unitVI: "hồ sơ",
                unitEN: dossier,
                numeratorVI: "có kết quả điện tử",
                numeratorEN: "with an electronic result",
                failingVI: "chưa có kết quả điện tử",
                failingEN: "without an electronic result",
                noneVI: "Chưa có hồ sơ nào được số hóa kết quả",
                noneEN: "No dossier has a digitized result",
                denominatorVI: "số hồ sơ đã giải quyết có yêu cầu kết quả bằng văn bản",
                denominatorEN: "finished dossiers that require a written result",
                notApplicableVI: "không có hồ sơ nào có yêu cầu kết quả bằng văn bản được giải quyết trong kỳ",
                notApplicableEN: "no dossier requiring a written result was finished in the period"
            )
        ),
        (
            "digitization.reuse",
            ScoringPhrasebook(
                unitVI: "hồ sơ",
                unitEN: dossier,
                numeratorVI: "tái sử dụng dữ liệu đã số hóa",
                numeratorEN: "reusing digitized data",
                failingVI: "không tái sử dụng dữ liệu đã số hóa",
                failingEN: "not reusing digitized data",
                noneVI: "Chưa có hồ sơ nào tái sử dụng dữ liệu đã số hóa",
                noneEN: "No dossier reused digitized data",
                denominatorVI: receivedDenominatorVI,
                denominatorEN: receivedDenominatorEN,
                notApplicableVI: receivedNoneVI,
                notApplicableEN: receivedNoneEN
            )
        ),
        (
            "payment.online",
            ScoringPhrasebook(
                unitVI: "hồ sơ",
                unitEN: dossier,
                numeratorVI: "có phí, lệ phí được thanh toán trực tuyến",
                numeratorEN: "with fees paid online",
                failingVI: "có phí, lệ phí chưa được thanh toán trực tuyến",
                failingEN: "with fees not paid online",
                noneVI: "Không có hồ sơ nào được thanh toán phí, lệ phí trực tuyến",
                noneEN: "No fee was paid online",
                denominatorVI: "số hồ sơ có phí, lệ phí",
                denominatorEN: "fee-bearing dossiers",
                notApplicableVI: "không có hồ sơ nào phải nộp phí, lệ phí trong kỳ",
                notApplicableEN: "no fee-bearing dossier was received in the period"
            )
        ),
    ]
}
