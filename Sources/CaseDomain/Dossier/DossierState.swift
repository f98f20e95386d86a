public import Foundation

/// What the case log says about a dossier so far: enough to decide which event may come next.
///
/// Built by folding the dossier's events, oldest first, through ``applying(_:)`` starting from ``initial``.
public struct DossierState: Sendable, Codable, Equatable, Hashable {
    public var status: DossierStatus
    /// While a supplement is requested: the status to return to when it is received (received or in progress).
    public var statusBeforeSupplement: DossierStatus?
    /// How many `supplement_requested` events the dossier had; more than one makes it late (CASE-LOG.md §2).
    public var supplementRequests: Int
    /// The open supplement request's time: the clock has been paused since then.
    public var pausedSince: Date?
    /// Whether the one allowed apology (Mẫu 04) has been issued, and its new appointment.
    public var apologized: Bool
    public var apologyNewDue: Date?
    /// A `result_ready` event happened.
    public var hasResult: Bool
    /// The result is electronic, from `result_ready` or a later `result_digitized`.
    public var resultElectronic: Bool
    /// The channel of the `returned` event.
    public var returnChannel: Channel?
    /// The time of the latest event; a new event may not be earlier.
    public var lastEventAt: Date?
    public var eventCount: Int

    public init(
        status: DossierStatus,
        statusBeforeSupplement: DossierStatus? = nil,
        supplementRequests: Int = 0,
        pausedSince: Date? = nil,
        apologized: Bool = false,
        apologyNewDue: Date? = nil,
        hasResult: Bool = false,
        resultElectronic: Bool = false,
        returnChannel: Channel? = nil,
        lastEventAt: Date? = nil,
        eventCount: Int = 0
    ) {
        self.status = status
        self.statusBeforeSupplement = statusBeforeSupplement
        self.supplementRequests = supplementRequests
        self.pausedSince = pausedSince
        self.apologized = apologized
        self.apologyNewDue = apologyNewDue
        self.hasResult = hasResult
        self.resultElectronic = resultElectronic
        self.returnChannel = returnChannel
        self.lastEventAt = lastEventAt
        self.eventCount = eventCount
    }

    /// A dossier without any event yet: status `new`; only `received` is allowed.
    public static let initial = DossierState(status: .new)

    /// Folds a dossier's events, oldest first, from ``initial``.
    public static func replaying(_ events: some Sequence<CaseEvent>) throws(TransitionError) -> DossierState {
        var state = DossierState.initial
        for event in events { state = try state.applying(event) }
        return state
    }

    /// The state after `event`, or why the event is not allowed now (CASE-LOG.md §1, column "allowed when").
    ///
    /// Besides the status rules, an event may not be earlier than the dossier's previous event (equal times are
    /// allowed: source systems often record several steps within the same second).
    public func applying(_ event: CaseEvent) throws(TransitionError) -> DossierState {
        if let reason = refusal(of: event.eventType) {
            throw TransitionError(event: event, status: status, reason: reason)
        }
        if let lastEventAt, event.at < lastEventAt {
            throw TransitionError(event: event, status: status, reason: .earlierThanPreviousEvent(previous: lastEventAt))
        }
        var next = self
        next.lastEventAt = event.at
        next.eventCount += 1
        switch event.kind {
        case .received:
            next.status = .received
        case .processingStarted, .feePaid:
            next.status = .inProgress
        case .handedOver, .componentDigitized:
            break
        case .supplementRequested:
            next.statusBeforeSupplement = status
            next.status = .supplementRequested
            next.pausedSince = event.at
            next.supplementRequests += 1
        case .supplementReceived:
            next.status = statusBeforeSupplement ?? .inProgress
            next.statusBeforeSupplement = nil
            next.pausedSince = nil
        case .feeRequested:
            next.status = .feeRequested
        case .apologized(_, let newDue):
            next.apologized = true
            next.apologyNewDue = newDue
        case .resultReady(let electronic, _, _):
            next.status = .resultReady
            next.hasResult = true
            next.resultElectronic = electronic
        case .resultDigitized:
            next.resultElectronic = true
        case .returned(let channel, _):
            next.status = .returned
            next.returnChannel = channel
        case .refused:
            next.status = .refused
        case .withdrawn:
            next.status = .withdrawn
        case .stopped:
            next.status = .stopped
        }
        if next.status.isEnded {
            // An ended dossier waits for no supplement: the pause ends with it.
            next.statusBeforeSupplement = nil
            next.pausedSince = nil
        }
        return next
    }

    /// The event types allowed now, in the order of ``CaseEventType/allCases`` — the buttons a clerk may press.
    public var allowedEventTypes: [CaseEventType] {
        CaseEventType.allCases.filter { refusal(of: $0) == nil }
    }

    /// Whether an event of this type is allowed in this state (its time aside).
    public func allows(_ type: CaseEventType) -> Bool {
        refusal(of: type) == nil
    }

    /// Why an event of `type` is not allowed now, or nil if it is. The one place where the table
    /// "allowed when" of CASE-LOG.md §1 is written down.
    func refusal(of type: CaseEventType) -> TransitionError.Reason? {
        if type == .received {
            return status == .new ? nil : .alreadyReceived
        }
        if status == .new { return .notReceived }
        let ended = status.isEnded
        func only(_ allowed: DossierStatus...) -> TransitionError.Reason? {
            if allowed.contains(status) { return nil }
            return ended ? .ended : .wrongStatus(expected: allowed)
        }
        switch type {
        case .received:
            return .alreadyReceived
        case .processingStarted:
            return only(.received)
        case .handedOver, .feeRequested, .resultReady:
            return only(.inProgress)
        case .supplementRequested:
            return only(.received, .inProgress)
        case .supplementReceived:
            return status == .supplementRequested ? nil : ended ? .ended : .noPendingSupplement
        case .feePaid:
            return status == .feeRequested ? nil : ended ? .ended : .noPendingFeeRequest
        case .componentDigitized:
            // Any non-terminal status, or after a result (result ready, returned).
            return !status.isTerminal || status == .returned ? nil : .ended
        case .apologized:
            return ended ? .ended : apologized ? .alreadyApologized : nil
        case .resultDigitized:
            return status == .resultReady || status == .returned ? nil : ended ? .ended : .noResult
        case .returned:
            switch status {
            case .resultReady: return nil
            case .returned: return .alreadyReturned
            default: return ended ? .ended : .noResult
            }
        case .refused:
            return status == .received ? nil : ended ? .ended : .processingAlreadyStarted
        case .withdrawn, .stopped:
            return ended ? .ended : nil
        }
    }
}

/// The event types a clerk may record now for a dossier in `state` — the UI shows a button for exactly these.
public func allowedEventTypes(in state: DossierState) -> [CaseEventType] {
    state.allowedEventTypes
}

/// An event that the dossier's current state does not allow, with what a clerk needs to act on it.
public struct TransitionError: Error, Sendable, Equatable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable, Hashable {
        case notReceived
        case alreadyReceived
        case ended
        case wrongStatus(expected: [DossierStatus])
        case noPendingSupplement
        case noPendingFeeRequest
        case noResult
        case alreadyReturned
        case alreadyApologized
        case processingAlreadyStarted
        case earlierThanPreviousEvent(previous: Date)
    }

    /// The refused event.
    public let event: CaseEvent
    /// The dossier's status when the event arrived.
    public let status: DossierStatus
    public let reason: Reason

    public init(event: CaseEvent, status: DossierStatus, reason: Reason) {
        self.event = event
        self.status = status
        self.reason = reason
    }

    /// E.g. "Không thể trả kết quả: hồ sơ chưa có kết quả (trạng thái hiện tại: Đang xử lý)."
    public var message: BilingualMessage {
        let type = event.eventType
        let because = reasonText
        return BilingualMessage(
            vietnamese: "Không thể \(type.vietnameseAction): \(because.vietnamese) (trạng thái hiện tại: \(status.vietnameseLabel)).",
            english: "Cannot \(type.englishAction): \(because.english) (current status: \(status.englishLabel))."
        )
    }

    public var description: String { "\(event.dossier) \(event.type): \(message.english)" }

    private var reasonText: BilingualMessage {
        switch reason {
        case .notReceived:
            BilingualMessage(vietnamese: "hồ sơ chưa được tiếp nhận", english: "the dossier has not been received")
        case .alreadyReceived:
            BilingualMessage(vietnamese: "hồ sơ đã được tiếp nhận trước đó", english: "the dossier has already been received")
        case .ended:
            BilingualMessage(vietnamese: "hồ sơ đã kết thúc", english: "the dossier has ended")
        case .wrongStatus(let expected):
            BilingualMessage(
                vietnamese: "chỉ thực hiện được khi hồ sơ ở trạng thái "
                    + expected.map(\.vietnameseLabel).joined(separator: " hoặc "),
                english: "only allowed when the dossier is " + expected.map(\.englishLabel).joined(separator: " or ")
            )
        case .noPendingSupplement:
            BilingualMessage(
                vietnamese: "hồ sơ không có yêu cầu bổ sung đang chờ",
                english: "no supplement has been requested"
            )
        case .noPendingFeeRequest:
            BilingualMessage(
                vietnamese: "hồ sơ không có yêu cầu thực hiện nghĩa vụ tài chính đang chờ",
                english: "no fee has been requested"
            )
        case .noResult:
            BilingualMessage(vietnamese: "hồ sơ chưa có kết quả", english: "the dossier has no result yet")
        case .alreadyReturned:
            BilingualMessage(vietnamese: "kết quả đã được trả", english: "the result has already been returned")
        case .alreadyApologized:
            BilingualMessage(
                vietnamese: "hồ sơ đã có phiếu xin lỗi và hẹn lại, mỗi hồ sơ chỉ được xin lỗi một lần",
                english: "an apology has already been issued, and only one is allowed per dossier"
            )
        case .processingAlreadyStarted:
            BilingualMessage(
                vietnamese: "hồ sơ đã được đưa vào xử lý, chỉ từ chối tiếp nhận được trước khi xử lý",
                english: "processing has started, and a dossier can only be refused before processing"
            )
        case .earlierThanPreviousEvent(let previous):
            BilingualMessage(
                vietnamese: "thời điểm \(CaseLogTimestamp.format(event.at)) sớm hơn sự kiện trước đó của hồ sơ "
                    + "(\(CaseLogTimestamp.format(previous)))",
                english: "its time \(CaseLogTimestamp.format(event.at)) is earlier than the dossier's previous event "
                    + "(\(CaseLogTimestamp.format(previous)))"
            )
        }
    }
}
