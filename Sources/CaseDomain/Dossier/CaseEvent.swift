public import Foundation

/// One entry of a dossier's append-only case log: who did what, when (DOMAIN.md, "The lifecycle"; CASE-LOG.md §1).
///
/// Its `Codable` form is exactly its case-log line (`{"v":1,"type":…,"dossier":…,"at":…,…}`), decoded as strictly
/// as an imported line, so the API, the export and the import speak one format.
public struct CaseEvent: Sendable, Equatable, Hashable {
    /// The dossier the event belongs to.
    public var dossier: DossierCode
    /// When it happened.
    public var at: Date
    /// Who did it (a user name or the source system's officer id), when known.
    public var actor: String?
    public var kind: CaseEventKind

    public init(dossier: DossierCode, at: Date, actor: String? = nil, kind: CaseEventKind) {
        self.dossier = dossier
        self.at = at
        self.actor = actor
        self.kind = kind
    }

    /// The case-log type name, e.g. `"supplement_requested"`.
    public var type: String { kind.type }
    public var eventType: CaseEventType { kind.eventType }
}

/// What happened, with exactly the fields of the case-log event types (CASE-LOG.md §1).
public enum CaseEventKind: Sendable, Equatable, Hashable {
    /// The dossier was received; the clock starts. Always the first event of a dossier.
    case received(Receipt)
    case processingStarted
    /// Handed from one officer or unit to another (tracking sheet, Mẫu 05).
    case handedOver(from: String, to: String)
    /// Mẫu 02; the clock pauses until `supplementReceived`.
    case supplementRequested(reason: String)
    case supplementReceived
    /// A financial obligation, in VND.
    case feeRequested(amount: Int)
    /// Payment of `amount` VND; `online` when paid through the portal's payment service.
    case feePaid(amount: Int, online: Bool)
    case componentDigitized(component: String, reused: Bool)
    /// Phiếu xin lỗi và hẹn lại (Mẫu 04), at most once per dossier.
    case apologized(reason: String, newDue: Date)
    case resultReady(electronic: Bool, resultCode: String?, sha256: String?)
    case resultDigitized(sha256: String?)
    case returned(channel: Channel, tracking: String?)
    /// Refusal slip (Mẫu 03).
    case refused(reason: String)
    case withdrawn(reason: String?)
    case stopped(reason: String)

    public var eventType: CaseEventType {
        switch self {
        case .received: .received
        case .processingStarted: .processingStarted
        case .handedOver: .handedOver
        case .supplementRequested: .supplementRequested
        case .supplementReceived: .supplementReceived
        case .feeRequested: .feeRequested
        case .feePaid: .feePaid
        case .componentDigitized: .componentDigitized
        case .apologized: .apologized
        case .resultReady: .resultReady
        case .resultDigitized: .resultDigitized
        case .returned: .returned
        case .refused: .refused
        case .withdrawn: .withdrawn
        case .stopped: .stopped
        }
    }

    /// The case-log type name, e.g. `"result_ready"`.
    public var type: String { eventType.rawValue }
}

/// The payload of a `received` event.
public struct Receipt: Sendable, Codable, Equatable, Hashable {
    /// The receiving agency's code in the catalogue (e.g. `BDT`).
    public var agency: String
    /// The procedure's code (e.g. `1.012222`); the version in force on the receipt day applies.
    public var procedure: String
    public var channel: Channel
    public var applicant: Applicant
    public var components: [ComponentRecord]
    /// The fee in VND when it differs from the procedure's; absent means the procedure's fee.
    public var fee: Int?
    /// The appointment the source system gave; absent means computed from the time limit and the calendar.
    public var due: Date?

    public init(
        agency: String,
        procedure: String,
        channel: Channel,
        applicant: Applicant,
        components: [ComponentRecord] = [],
        fee: Int? = nil,
        due: Date? = nil
    ) {
        self.agency = agency
        self.procedure = procedure
        self.channel = channel
        self.applicant = applicant
        self.components = components
        self.fee = fee
        self.due = due
    }
}

/// The case-log event types, by their type names.
public enum CaseEventType: String, Sendable, Codable, Equatable, Hashable, CaseIterable {
    case received
    case processingStarted = "processing_started"
    case handedOver = "handed_over"
    case supplementRequested = "supplement_requested"
    case supplementReceived = "supplement_received"
    case feeRequested = "fee_requested"
    case feePaid = "fee_paid"
    case componentDigitized = "component_digitized"
    case apologized
    case resultReady = "result_ready"
    case resultDigitized = "result_digitized"
    case returned
    case refused
    case withdrawn
    case stopped

    /// The action as a clerk names it, for buttons and messages ("Không thể trả kết quả: …").
    public var vietnameseAction: String {
        switch self {
        case .received: "tiếp nhận hồ sơ"
        case .processingStarted: "bắt đầu xử lý"
        case .handedOver: "chuyển xử lý"
        case .supplementRequested: "yêu cầu bổ sung hồ sơ"
        case .supplementReceived: "nhận hồ sơ bổ sung"
        case .feeRequested: "yêu cầu thực hiện nghĩa vụ tài chính"
        case .feePaid: "ghi nhận đã nộp phí, lệ phí"
        case .componentDigitized: "số hóa thành phần hồ sơ"
        case .apologized: "gửi phiếu xin lỗi và hẹn lại"
        case .resultReady: "ghi nhận kết quả giải quyết"
        case .resultDigitized: "số hóa kết quả"
        case .returned: "trả kết quả"
        case .refused: "từ chối tiếp nhận"
        case .withdrawn: "rút hồ sơ"
        case .stopped: "dừng xử lý"
        }
    }

    public var englishAction: String {
        switch self {
        case .received: "receive the dossier"
        case .processingStarted: "start processing"
        case .handedOver: "hand the dossier over"
        case .supplementRequested: "request a supplement"
        case .supplementReceived: "record the supplement"
        case .feeRequested: "request the fee"
        case .feePaid: "record the payment"
        case .componentDigitized: "digitize a component"
        case .apologized: "issue an apology"
        case .resultReady: "record the result"
        case .resultDigitized: "digitize the result"
        case .returned: "return the result"
        case .refused: "refuse the dossier"
        case .withdrawn: "withdraw the dossier"
        case .stopped: "stop processing"
        }
    }
}
