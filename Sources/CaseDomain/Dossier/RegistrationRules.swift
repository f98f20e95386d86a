public import Foundation

/// The rules a registration obeys before anything is written (Decree 118/2025/NĐ-CP on the one-stop mechanism:
/// a dossier is received only for a procedure in force, through a channel the procedure offers).
public enum RegistrationRules {
    /// Checks the channel, the components and the postal tracking number of a new dossier against its procedure.
    public static func check(_ new: NewDossier, procedure: ProcedureRecord) throws(StoreError) {
        try checkChannel(new.channel, procedure: procedure)
        try checkComponents(new.components, procedure: procedure)
        if new.channel != .postal, new.postalTracking != nil {
            throw StoreError.invalid(
                "postal_tracking",
                "Chỉ hồ sơ nhận qua bưu chính công ích mới có mã bưu gửi.",
                "Only dossiers received by post have a postal tracking number."
            )
        }
    }

    /// The channel must be one the procedure offers: online only where it is provided online, post only where the
    /// procedure accepts public postal service (Decision 468/QĐ-TTg on postal receipt and return).
    public static func checkChannel(_ channel: Channel, procedure: ProcedureRecord) throws(StoreError) {
        switch channel {
        case .online where procedure.online == .none:
            throw StoreError.invalid(
                "channel",
                "Thủ tục \(procedure.code) không được cung cấp trực tuyến.",
                "Procedure \(procedure.code) is not offered online."
            )
        case .postal where !procedure.postal:
            throw StoreError.invalid(
                "channel",
                "Thủ tục \(procedure.code) không tiếp nhận qua bưu chính công ích.",
                "Procedure \(procedure.code) is not available by post."
            )
        default:
            break
        }
    }

    /// Each component once, and only components the procedure lists (when it lists any).
    public static func checkComponents(_ components: [ComponentRecord], procedure: ProcedureRecord) throws(StoreError) {
        var seen = Set<String>()
        for component in components where !seen.insert(component.code).inserted {
            throw StoreError.invalid(
                "components",
                "Thành phần hồ sơ \(component.code) bị lặp.",
                "Component \(component.code) is listed twice."
            )
        }
        guard !procedure.components.isEmpty else { return }
        let known = Set(procedure.components.map(\.code))
        if let unknown = components.first(where: { !known.contains($0.code) }) {
            throw StoreError.invalid(
                "components",
                "Thủ tục \(procedure.code) không có thành phần hồ sơ mã \(unknown.code).",
                "Procedure \(procedure.code) has no component \(unknown.code)."
            )
        }
    }
}

/// How one event changes a dossier's clock and milestone columns (the parts of the row the state machine's state
/// does not hold). Shared by live transitions and the case-log import.
public struct ClockChange: Sendable, Equatable {
    public var pausedSeconds: Int64
    public var newDue: Date?
    public var apologized = false
    public var endedAt: Date?
    public var resultReadyAt: Date?
    public var resultCode: String?
    public var returnedAt: Date?

    public init(pausedSeconds: Int64) {
        self.pausedSeconds = pausedSeconds
    }

    public mutating func apply(
        _ event: CaseEvent,
        before state: DossierState,
        calendar: BusinessCalendar,
        originalDue: Date,
        endedAt previousEnd: Date?,
        resultReadyAt previousResult: Date?
    ) {
        switch event.kind {
        case .supplementReceived:
            if let since = state.pausedSince {
                pausedSeconds += calendar.workingTime(from: since, to: event.at).seconds
                newDue = calendar.adding(WorkingTime(seconds: pausedSeconds), to: originalDue)
            }
        case .apologized:
            apologized = true
        case .resultReady(_, let code, _):
            resultReadyAt = event.at
            resultCode = code
            if previousEnd == nil { endedAt = event.at }
        case .refused, .withdrawn, .stopped:
            if previousEnd == nil { endedAt = event.at }
        case .returned:
            returnedAt = event.at
            if previousEnd == nil && previousResult == nil { endedAt = event.at }
        default:
            break
        }
    }
}
