/// The status of a dossier, with the codes the national portal sync uses (DOMAIN.md, "The lifecycle").
public enum DossierStatus: String, Sendable, Codable, Equatable, Hashable, CaseIterable {
    /// Submitted online, not yet accepted (mới đăng ký). Also the status of a dossier before its `received` event.
    case new
    /// Received; the clock starts and the receipt slip (Mẫu 01) is issued (được tiếp nhận).
    case received
    /// Refused at the desk, refusal slip Mẫu 03 (không được tiếp nhận). Terminal.
    case refused
    /// Being processed (đang xử lý).
    case inProgress = "in_progress"
    /// A supplement was requested, Mẫu 02 (yêu cầu bổ sung); the clock pauses.
    case supplementRequested = "supplement_requested"
    /// A fee or other financial obligation was requested (yêu cầu nghĩa vụ tài chính).
    case feeRequested = "fee_requested"
    /// Withdrawn by the applicant (công dân rút hồ sơ). Terminal.
    case withdrawn
    /// Processing stopped (dừng xử lý). Terminal.
    case stopped
    /// Processed, the result is ready (đã xử lý xong).
    case resultReady = "result_ready"
    /// The result has been returned (đã trả kết quả). Terminal.
    case returned

    /// The national portal's status code, 1…10.
    public var portalCode: Int {
        switch self {
        case .new: 1
        case .received: 2
        case .refused: 3
        case .inProgress: 4
        case .supplementRequested: 5
        case .feeRequested: 6
        case .withdrawn: 7
        case .stopped: 8
        case .resultReady: 9
        case .returned: 10
        }
    }

    public init?(portalCode: Int) {
        guard let status = Self.allCases.first(where: { $0.portalCode == portalCode }) else { return nil }
        self = status
    }

    public var vietnameseLabel: String {
        switch self {
        case .new: "Mới đăng ký"
        case .received: "Được tiếp nhận"
        case .refused: "Không được tiếp nhận"
        case .inProgress: "Đang xử lý"
        case .supplementRequested: "Yêu cầu bổ sung"
        case .feeRequested: "Yêu cầu nghĩa vụ tài chính"
        case .withdrawn: "Công dân rút hồ sơ"
        case .stopped: "Dừng xử lý"
        case .resultReady: "Đã xử lý xong"
        case .returned: "Đã trả kết quả"
        }
    }

    public var englishLabel: String {
        switch self {
        case .new: "New"
        case .received: "Received"
        case .refused: "Refused"
        case .inProgress: "In progress"
        case .supplementRequested: "Supplement requested"
        case .feeRequested: "Fee requested"
        case .withdrawn: "Withdrawn"
        case .stopped: "Stopped"
        case .resultReady: "Result ready"
        case .returned: "Returned"
        }
    }

    /// No event can change the status any more (refused, withdrawn, stopped, returned).
    public var isTerminal: Bool {
        switch self {
        case .refused, .withdrawn, .stopped, .returned: true
        case .new, .received, .inProgress, .supplementRequested, .feeRequested, .resultReady: false
        }
    }

    /// The dossier has reached its end (CASE-LOG.md §2, `end(d)`): a result is ready or returned, or it was
    /// refused, withdrawn or stopped. "Not ended" in the transition table means exactly `!isEnded`.
    public var isEnded: Bool {
        switch self {
        case .refused, .withdrawn, .stopped, .resultReady, .returned: true
        case .new, .received, .inProgress, .supplementRequested, .feeRequested: false
        }
    }
}
