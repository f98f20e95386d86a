import CaseDomain
import Foundation
import Testing

/// Shared helpers for the dossier, case-log and facts tests.
enum DossierFixture {
    /// A moment from an RFC 3339 literal; a malformed literal is a bug in the test itself.
    static func at(_ text: String) -> Date {
        try! CaseLogTimestamp.parse(text)
    }

    static func code(_ text: String) -> DossierCode {
        DossierCode(text)!
    }

    static func applicant(_ name: String = "Nguyễn Văn An", kind: ApplicantKind = .person) -> Applicant {
        try! Applicant(name: name, kind: kind)
    }

    static let dossier = code("000.00.13.H56-250303-0001")

    static func receipt(
        agency: String = "BDT",
        procedure: String = "1.012222",
        channel: Channel = .direct,
        components: [ComponentRecord] = [],
        fee: Int? = nil,
        due: Date? = nil
    ) -> Receipt {
        Receipt(
            agency: agency,
            procedure: procedure,
            channel: channel,
            applicant: applicant(),
            components: components,
            fee: fee,
            due: due
        )
    }

    /// An event of each type with plausible fields.
    static func kind(_ type: CaseEventType) -> CaseEventKind {
        switch type {
        case .received: .received(receipt())
        case .processingStarted: .processingStarted
        case .handedOver: .handedOver(from: "cv.lan", to: "cv.minh")
        case .supplementRequested: .supplementRequested(reason: "Thiếu biên bản họp thôn")
        case .supplementReceived: .supplementReceived
        case .feeRequested: .feeRequested(amount: 50_000)
        case .feePaid: .feePaid(amount: 50_000, online: true)
        case .componentDigitized: .componentDigitized(component: "TP1", reused: false)
        case .apologized: .apologized(reason: "Cần xác minh thêm", newDue: at("2025-04-30T17:00:00+07:00"))
        case .resultReady: .resultReady(electronic: true, resultCode: nil, sha256: nil)
        case .resultDigitized: .resultDigitized(sha256: nil)
        case .returned: .returned(channel: .postal, tracking: "EV123456789VN")
        case .refused: .refused(reason: "Không thuộc thẩm quyền")
        case .withdrawn: .withdrawn(reason: nil)
        case .stopped: .stopped(reason: "Theo đề nghị của cơ quan cấp trên")
        }
    }

    static func event(_ type: CaseEventType, at moment: Date, dossier: DossierCode = DossierFixture.dossier) -> CaseEvent {
        CaseEvent(dossier: dossier, at: moment, actor: "motcua.an", kind: kind(type))
    }

    /// The shortest path of event types from nothing to a dossier in `status`.
    static func path(to status: DossierStatus) -> [CaseEventType] {
        switch status {
        case .new: []
        case .received: [.received]
        case .inProgress: [.received, .processingStarted]
        case .supplementRequested: [.received, .processingStarted, .supplementRequested]
        case .feeRequested: [.received, .processingStarted, .feeRequested]
        case .resultReady: [.received, .processingStarted, .resultReady]
        case .returned: [.received, .processingStarted, .resultReady, .returned]
        case .refused: [.received, .refused]
        case .withdrawn: [.received, .processingStarted, .withdrawn]
        case .stopped: [.received, .processingStarted, .stopped]
        }
    }

    /// Events one hour apart from 2025-03-03 08:00 (Vietnam time).
    static func events(_ types: [CaseEventType], dossier: DossierCode = DossierFixture.dossier) -> [CaseEvent] {
        let start = at("2025-03-03T08:00:00+07:00")
        return types.enumerated().map { index, type in
            event(type, at: start.addingTimeInterval(Double(index) * 3600), dossier: dossier)
        }
    }

    static func state(_ status: DossierStatus) throws -> DossierState {
        try DossierState.replaying(events(path(to: status)))
    }
}
