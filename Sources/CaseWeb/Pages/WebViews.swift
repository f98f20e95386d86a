import CaseAPI
import CaseDomain
import Foundation

/// Small view models shared by several pages.
struct SelectOption {
    var value: String
    var label: String
    var selected: Bool
}

/// A radio button or checkbox with its own id (so that its `<label for>` works).
struct ChoiceOption {
    var id: String
    var value: String
    var label: String
    var checked: Bool
}

/// The texts pages show for domain values.
enum WebText {
    static func status(_ status: DossierStatus) -> String { status.vietnameseLabel }

    static func channel(_ channel: Channel) -> String { channel.vietnameseLabel }

    static func applicantKind(_ kind: ApplicantKind) -> String {
        kind == .person ? "Cá nhân" : "Tổ chức"
    }

    /// "Trả kết quả": the action of an event type as a button label.
    static func action(_ type: CaseEventType) -> String {
        let text = type.vietnameseAction
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }

    /// What an event carries, in a sentence (reason, hand-over, amount, …); empty when nothing.
    static func details(of kind: CaseEventKind) -> String {
        switch kind {
        case .received(let receipt):
            "Kênh: \(receipt.channel.vietnameseLabel)"
        case .processingStarted, .supplementReceived:
            ""
        case .handedOver(let from, let to):
            "Từ \(from) chuyển cho \(to)"
        case .supplementRequested(let reason):
            "Nội dung cần bổ sung: \(reason)"
        case .feeRequested(let amount):
            "Số tiền: \(WebFormat.money(amount))"
        case .feePaid(let amount, let online):
            "Đã nộp \(WebFormat.money(amount))\(online ? " (thanh toán trực tuyến)" : "")"
        case .componentDigitized(let component, let reused):
            "Thành phần \(component)\(reused ? " (tái sử dụng dữ liệu đã số hóa)" : "")"
        case .apologized(let reason, let newDue):
            "Lý do: \(reason). Hẹn lại: \(WebFormat.moment(newDue))"
        case .resultReady(let electronic, let code, _):
            (electronic ? "Kết quả điện tử" : "Kết quả bản giấy") + (code.map { ", mã \($0)" } ?? "")
        case .resultDigitized:
            "Kết quả đã được số hóa"
        case .returned(let channel, let tracking):
            "Trả qua: \(channel.vietnameseLabel)" + (tracking.map { ", mã bưu gửi \($0)" } ?? "")
        case .refused(let reason):
            "Lý do: \(reason)"
        case .withdrawn(let reason):
            reason.map { "Lý do: \($0)" } ?? ""
        case .stopped(let reason):
            "Lý do: \(reason)"
        }
    }
}
