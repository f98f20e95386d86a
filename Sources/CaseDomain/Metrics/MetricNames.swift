/// The names of the metrics as a report prints them.
public enum MetricNames {
    public static func vietnamese(_ id: MetricID) -> String {
        switch id {
        case .channelOnline: "Tỷ lệ hồ sơ tiếp nhận trực tuyến"
        case .channelPostalIn: "Tỷ lệ hồ sơ tiếp nhận qua dịch vụ bưu chính công ích"
        case .channelDirect: "Tỷ lệ hồ sơ tiếp nhận trực tiếp tại Bộ phận Một cửa"
        case .returnPostal: "Tỷ lệ kết quả trả qua dịch vụ bưu chính công ích"
        case .proceduresWithOnlineDossiers: "Tỷ lệ TTHC cung cấp trực tuyến có phát sinh hồ sơ trực tuyến"
        case .timelinessOnTime: "Tỷ lệ hồ sơ giải quyết đúng hạn"
        case .timelinessLateWithApology: "Tỷ lệ hồ sơ trễ hạn có văn bản xin lỗi kịp thời"
        case .digitizationDossiers: "Tỷ lệ hồ sơ được số hóa"
        case .digitizationResults: "Tỷ lệ kết quả giải quyết được cấp bản điện tử"
        case .digitizationReuse: "Tỷ lệ hồ sơ tái sử dụng dữ liệu đã số hóa"
        case .paymentOnline: "Tỷ lệ hồ sơ có phí, lệ phí được thanh toán trực tuyến"
        }
    }

    public static func english(_ id: MetricID) -> String {
        switch id {
        case .channelOnline: "Dossiers received online"
        case .channelPostalIn: "Dossiers received through the public postal service"
        case .channelDirect: "Dossiers received at the one-stop desk"
        case .returnPostal: "Results returned through the public postal service"
        case .proceduresWithOnlineDossiers: "Procedures offered online with at least one online dossier"
        case .timelinessOnTime: "Dossiers handled on time"
        case .timelinessLateWithApology: "Late dossiers with a timely letter of apology"
        case .digitizationDossiers: "Dossiers digitized"
        case .digitizationResults: "Results issued electronically"
        case .digitizationReuse: "Dossiers reusing digitized data"
        case .paymentOnline: "Fee-bearing dossiers paid online"
        }
    }
}
