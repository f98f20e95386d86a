import CaseDomain
import Foundation
import Testing

@Suite("Dossier state machine (CASE-LOG.md §1, “allowed when”)")
struct DossierStateTests {
    /// The "allowed when" column, restated per status from CASE-LOG.md (independently of the implementation).
    static let allowed: [DossierStatus: Set<CaseEventType>] = [
        .new: [.received],
        .received: [.processingStarted, .supplementRequested, .componentDigitized, .apologized, .refused, .withdrawn, .stopped],
        .inProgress: [
            .handedOver, .supplementRequested, .feeRequested, .componentDigitized, .apologized, .resultReady, .withdrawn, .stopped,
        ],
        .supplementRequested: [.supplementReceived, .componentDigitized, .apologized, .withdrawn, .stopped],
        .feeRequested: [.feePaid, .componentDigitized, .apologized, .withdrawn, .stopped],
        .resultReady: [.componentDigitized, .resultDigitized, .returned],
        .returned: [.componentDigitized, .resultDigitized],
        .refused: [],
        .withdrawn: [],
        .stopped: [],
    ]

    /// The status after an allowed event (supplement_received is checked separately: it returns to the status before
    /// the request).
    static let next: [CaseEventType: DossierStatus?] = [
        .received: .received,
        .processingStarted: .inProgress,
        .handedOver: nil,
        .supplementRequested: .supplementRequested,
        .feeRequested: .feeRequested,
        .feePaid: .inProgress,
        .componentDigitized: nil,
        .apologized: nil,
        .resultReady: .resultReady,
        .resultDigitized: nil,
        .returned: .returned,
        .refused: .refused,
        .withdrawn: .withdrawn,
        .stopped: .stopped,
    ]

    @Test("every status × event type is allowed or refused exactly as the table says", arguments: DossierStatus.allCases, CaseEventType.allCases)
    func transitionTable(status: DossierStatus, type: CaseEventType) throws {
        let state = try DossierFixture.state(status)
        #expect(state.status == status)
        let event = DossierFixture.event(type, at: DossierFixture.at("2025-03-10T08:00:00+07:00"))
        let expectedAllowed = Self.allowed[status, default: []].contains(type)
        #expect(state.allows(type) == expectedAllowed)
        if expectedAllowed {
            let after = try state.applying(event)
            if type == .supplementReceived {
                #expect(after.status == state.statusBeforeSupplement)
            } else if let nextStatus = Self.next[type] {
                #expect(after.status == (nextStatus ?? status))
            }
            #expect(after.lastEventAt == event.at)
            #expect(after.eventCount == state.eventCount + 1)
        } else {
            let error = #expect(throws: TransitionError.self) { try state.applying(event) }
            #expect(error?.status == status)
            #expect(error?.event == event)
            #expect(error?.message.vietnamese.hasPrefix("Không thể \(type.vietnameseAction): ") == true)
            #expect(error?.message.english.hasPrefix("Cannot \(type.englishAction): ") == true)
            #expect(error?.message.vietnamese.hasSuffix("(trạng thái hiện tại: \(status.vietnameseLabel)).") == true)
        }
    }

    @Test("the buttons offered are exactly the allowed transitions", arguments: DossierStatus.allCases)
    func allowedButtons(status: DossierStatus) throws {
        let state = try DossierFixture.state(status)
        let expected = CaseEventType.allCases.filter { Self.allowed[status, default: []].contains($0) }
        #expect(allowedEventTypes(in: state) == expected)
    }

    @Test("a supplement requested after receipt returns the dossier to received, and pauses the clock meanwhile")
    func supplementFromReceived() throws {
        let events = DossierFixture.events([.received, .supplementRequested])
        let paused = try DossierState.replaying(events)
        #expect(paused.status == .supplementRequested)
        #expect(paused.pausedSince == events[1].at)
        #expect(paused.statusBeforeSupplement == .received)
        let resumed = try paused.applying(DossierFixture.event(.supplementReceived, at: DossierFixture.at("2025-03-05T08:00:00+07:00")))
        #expect(resumed.status == .received)
        #expect(resumed.pausedSince == nil)
        #expect(resumed.statusBeforeSupplement == nil)
        #expect(resumed.supplementRequests == 1)
        #expect(resumed.allows(.refused))
    }

    @Test("a supplement requested in progress returns the dossier to in progress; requests are counted")
    func supplementFromInProgress() throws {
        let state = try DossierState.replaying(
            DossierFixture.events([
                .received, .processingStarted, .supplementRequested, .supplementReceived, .supplementRequested, .supplementReceived,
            ])
        )
        #expect(state.status == .inProgress)
        #expect(state.supplementRequests == 2)
        #expect(state.pausedSince == nil)
    }

    @Test("a dossier withdrawn while waiting for a supplement is no longer paused")
    func withdrawnWhilePaused() throws {
        let state = try DossierState.replaying(DossierFixture.events([.received, .processingStarted, .supplementRequested, .withdrawn]))
        #expect(state.status == .withdrawn)
        #expect(state.pausedSince == nil)
        #expect(state.allowedEventTypes.isEmpty)
    }

    @Test("an apology is allowed once per dossier, whatever the status in between")
    func singleApology() throws {
        let state = try DossierState.replaying(
            DossierFixture.events([.received, .processingStarted, .apologized, .supplementRequested, .supplementReceived])
        )
        #expect(state.apologized)
        #expect(state.apologyNewDue == DossierFixture.at("2025-04-30T17:00:00+07:00"))
        #expect(!state.allows(.apologized))
        let second = DossierFixture.event(.apologized, at: DossierFixture.at("2025-03-20T08:00:00+07:00"))
        let error = #expect(throws: TransitionError.self) { try state.applying(second) }
        #expect(error?.reason == .alreadyApologized)
        #expect(
            error?.message.vietnamese
                == "Không thể gửi phiếu xin lỗi và hẹn lại: hồ sơ đã có phiếu xin lỗi và hẹn lại, "
                + "mỗi hồ sơ chỉ được xin lỗi một lần (trạng thái hiện tại: Đang xử lý)."
        )
    }

    @Test("returning a result before there is one says so in Vietnamese and English")
    func returnWithoutResult() throws {
        let state = try DossierFixture.state(.inProgress)
        let error = #expect(throws: TransitionError.self) {
            try state.applying(DossierFixture.event(.returned, at: DossierFixture.at("2025-03-10T08:00:00+07:00")))
        }
        #expect(error?.reason == .noResult)
        #expect(error?.status == .inProgress)
        #expect(error?.message.vietnamese == "Không thể trả kết quả: hồ sơ chưa có kết quả (trạng thái hiện tại: Đang xử lý).")
        #expect(error?.message.english == "Cannot return the result: the dossier has no result yet (current status: In progress).")
    }

    @Test(
        "each refusal names its reason",
        arguments: [
            (DossierStatus.new, CaseEventType.processingStarted, TransitionError.Reason.notReceived),
            (.received, .received, .alreadyReceived),
            (.returned, .returned, .alreadyReturned),
            (.refused, .componentDigitized, .ended),
            (.resultReady, .apologized, .ended),
            (.inProgress, .refused, .processingAlreadyStarted),
            (.received, .handedOver, .wrongStatus(expected: [.inProgress])),
            (.feeRequested, .supplementRequested, .wrongStatus(expected: [.received, .inProgress])),
            (.inProgress, .supplementReceived, .noPendingSupplement),
            (.inProgress, .feePaid, .noPendingFeeRequest),
            (.supplementRequested, .resultDigitized, .noResult),
            (.stopped, .resultDigitized, .ended),
        ]
    )
    func refusalReasons(status: DossierStatus, type: CaseEventType, reason: TransitionError.Reason) throws {
        let state = try DossierFixture.state(status)
        let error = #expect(throws: TransitionError.self) {
            try state.applying(DossierFixture.event(type, at: DossierFixture.at("2025-03-10T08:00:00+07:00")))
        }
        #expect(error?.reason == reason)
    }

    @Test("an event earlier than the dossier's previous one is refused; the same second is fine")
    func timeOrder() throws {
        let state = try DossierState.replaying([
            DossierFixture.event(.received, at: DossierFixture.at("2025-03-03T08:00:00+07:00"))
        ])
        let same = try state.applying(DossierFixture.event(.processingStarted, at: DossierFixture.at("2025-03-03T08:00:00+07:00")))
        #expect(same.status == .inProgress)
        let earlier = DossierFixture.event(.processingStarted, at: DossierFixture.at("2025-03-03T07:59:59+07:00"))
        let error = #expect(throws: TransitionError.self) { try state.applying(earlier) }
        #expect(error?.reason == .earlierThanPreviousEvent(previous: DossierFixture.at("2025-03-03T08:00:00+07:00")))
        #expect(
            error?.message.vietnamese
                == "Không thể bắt đầu xử lý: thời điểm 2025-03-03T07:59:59+07:00 sớm hơn sự kiện trước đó của hồ sơ "
                + "(2025-03-03T08:00:00+07:00) (trạng thái hiện tại: Được tiếp nhận)."
        )
    }

    @Test("the result flags follow result_ready and result_digitized")
    func resultFlags() throws {
        var state = try DossierFixture.state(.inProgress)
        state = try state.applying(
            CaseEvent(
                dossier: DossierFixture.dossier,
                at: DossierFixture.at("2025-03-10T08:00:00+07:00"),
                kind: .resultReady(electronic: false, resultCode: nil, sha256: nil)
            )
        )
        #expect(state.hasResult)
        #expect(!state.resultElectronic)
        state = try state.applying(DossierFixture.event(.returned, at: DossierFixture.at("2025-03-11T08:00:00+07:00")))
        #expect(state.returnChannel == .postal)
        state = try state.applying(DossierFixture.event(.resultDigitized, at: DossierFixture.at("2025-03-12T08:00:00+07:00")))
        #expect(state.resultElectronic)
        #expect(state.status == .returned)
    }

    @Test("a state survives a JSON round trip")
    func stateCodable() throws {
        let state = try DossierState.replaying(DossierFixture.events([.received, .processingStarted, .supplementRequested]))
        let decoded = try JSONDecoder().decode(DossierState.self, from: JSONEncoder().encode(state))
        #expect(decoded == state)
    }
}
