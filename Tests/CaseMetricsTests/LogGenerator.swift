import CaseDomain
import CaseStore
import CaseTestSupport
import Foundation

/// A small deterministic random number generator (SplitMix64), so generated logs are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Generated dossiers with every kind of history the state machine allows: refused, withdrawn, stopped, open (some
/// paused, some overdue), late and on time, with and without apologies, fees paid online or not, components and
/// results digitized later, returns by every channel.
enum LogGenerator {
    /// Procedures every generated agency offers: a short one (3 working days, online and postal, written result)
    /// and a fee-bearing one (2 working days, online partly, no postal, no written result).
    static let shortProcedure = "5.000001"
    static let feeProcedure = "5.000002"

    static func referenceLines(agency: String, identifier: String) -> [String] {
        [
            #"{"v":1,"type":"agency","code":"\#(agency)","name":"Cơ quan \#(agency)","identifier":"\#(identifier)"}"#,
            #"{"v":1,"type":"procedure","code":"\#(shortProcedure)","name":"Thủ tục ngắn","agency":"\#(agency)","valid_from":"2024-01-01","time_limit":{"value":3,"unit":"working_days"},"online":"full","postal":true,"written_result":true,"fee":0}"#,
            #"{"v":1,"type":"procedure","code":"\#(feeProcedure)","name":"Thủ tục có phí","agency":"\#(agency)","valid_from":"2024-01-01","time_limit":{"value":2,"unit":"working_days"},"online":"partial","postal":false,"written_result":false,"fee":100000}"#,
        ]
    }

    struct Script: Sendable {
        var receipt: Receipt
        var receivedAt: Date
        /// The events after `received`, in time order.
        var steps: [(at: Date, kind: CaseEventKind)]
    }

    static func script(_ rng: inout SplitMix64, agency: String, receivedAt: Date) -> Script {
        let fee = Bool.random(using: &rng) && Bool.random(using: &rng)
        let procedure = fee ? feeProcedure : shortProcedure
        let channels: [Channel] = fee ? [.direct, .online] : [.direct, .online, .postal]
        let channel = channels.randomElement(using: &rng) ?? .direct
        let components = [
            ComponentRecord(code: "A", digitized: Bool.random(using: &rng), reused: Bool.random(using: &rng)),
            ComponentRecord(code: "B", digitized: Bool.random(using: &rng), reused: false),
        ]
        let receipt = Receipt(agency: agency, procedure: procedure, channel: channel, applicant: applicant, components: components)
        var at = receivedAt
        var steps: [(Date, CaseEventKind)] = []
        func step(_ kind: CaseEventKind, hours: ClosedRange<Int> = 1...30) {
            at = at.addingTimeInterval(Double(Int.random(in: hours, using: &rng)) * 3600 + Double(Int.random(in: 0...59, using: &rng)) * 60)
            steps.append((at, kind))
        }
        switch Int.random(in: 0..<10, using: &rng) {
        case 0:
            step(.refused(reason: "Không thuộc thẩm quyền"), hours: 0...2)
        case 1:
            step(.processingStarted)
            step(.withdrawn(reason: nil))
        case 2:
            step(.processingStarted)
            step(.stopped(reason: "Dừng theo yêu cầu"), hours: 10...200)
        case 3:
            step(.processingStarted)
        case 4:
            step(.processingStarted)
            step(.supplementRequested(reason: "Thiếu giấy tờ"))
        default:
            step(.processingStarted)
            for _ in 0..<Int.random(in: 0...2, using: &rng) {
                step(.supplementRequested(reason: "Thiếu giấy tờ"))
                step(.supplementReceived, hours: 2...60)
            }
            if fee {
                step(.feeRequested(amount: 100_000))
                step(.feePaid(amount: 100_000, online: Bool.random(using: &rng)))
            }
            if Bool.random(using: &rng) { step(.componentDigitized(component: "B", reused: Bool.random(using: &rng))) }
            if Int.random(in: 0..<3, using: &rng) == 0 {
                step(.apologized(reason: "Cần xác minh", newDue: at.addingTimeInterval(10 * 86_400)), hours: 1...80)
            }
            step(.resultReady(electronic: Bool.random(using: &rng), resultCode: nil, sha256: nil), hours: 1...120)
            if Bool.random(using: &rng) { step(.resultDigitized(sha256: nil)) }
            if Int.random(in: 0..<4, using: &rng) > 0 {
                let returns: [Channel] = procedure == shortProcedure ? [.direct, .online, .postal] : [.direct, .online]
                step(.returned(channel: returns.randomElement(using: &rng) ?? .direct, tracking: nil))
                if Bool.random(using: &rng) { step(.componentDigitized(component: "A", reused: true), hours: 1...500) }
            }
        }
        return Script(receipt: receipt, receivedAt: receivedAt, steps: steps)
    }

    static let applicant = try! Applicant(name: "Nguyễn Văn An", kind: .person)

    /// `count` scripts for an agency, received from `start` on, a few hours apart.
    static func scripts(seed: UInt64, agency: String, count: Int, start: Date) -> [Script] {
        var rng = SplitMix64(state: seed)
        var at = start
        return (0..<count).map { _ in
            at = at.addingTimeInterval(Double(Int.random(in: 1...20, using: &rng)) * 3600)
            return script(&rng, agency: agency, receivedAt: at)
        }
    }

    /// The scripts as case-log lines (for the importer), with codes `<identifier>-<YYMMDD>-<NNNN>`.
    static func lines(_ scripts: [Script], identifier: String) throws -> [String] {
        var sequences: [String: Int] = [:]
        var lines: [String] = []
        for script in scripts {
            let day = VietnamTime.localDate(of: script.receivedAt)
            let key = day.description
            sequences[key, default: 0] += 1
            let code = try DossierCode(
                agencyIdentifier: identifier,
                year: day.year,
                month: day.month,
                day: day.day,
                sequence: sequences[key] ?? 1
            )
            lines.append(CaseLogEncoder.encode(CaseEvent(dossier: code, at: script.receivedAt, actor: "gen", kind: .received(script.receipt))))
            for step in script.steps {
                lines.append(CaseLogEncoder.encode(CaseEvent(dossier: code, at: step.at, actor: "gen", kind: step.kind)))
            }
        }
        return lines
    }

    /// Registers and moves the scripts' dossiers through the dossier store, step by step, interleaving dossiers.
    static func apply(_ scripts: [Script], store: DossierStore) async throws -> Int {
        var codes: [String] = []
        for script in scripts {
            let receipt = script.receipt
            let outcome = try await store.register(
                NewDossier(
                    agency: receipt.agency,
                    procedure: receipt.procedure,
                    channel: receipt.channel,
                    applicant: receipt.applicant,
                    components: receipt.components,
                    receivedAt: script.receivedAt,
                    actor: "gen"
                )
            )
            codes.append(outcome.record.code)
        }
        var events = scripts.count
        let longest = scripts.map(\.steps.count).max() ?? 0
        for index in 0..<longest {
            for (code, script) in zip(codes, scripts) where index < script.steps.count {
                let step = script.steps[index]
                _ = try await store.append(code: code, kind: step.kind, at: step.at, actor: "gen", scope: .all)
                events += 1
            }
        }
        return events
    }
}

/// An async sequence of lines that stops at line `gateAt` until the test opens the gate: an importer reading it
/// keeps its transaction open (with the events of its first batches written) for as long as the test wants.
struct GatedLines: AsyncSequence, Sendable {
    typealias Element = String
    let lines: [String]
    let gateAt: Int
    let gate: Gate

    struct AsyncIterator: AsyncIteratorProtocol {
        let lines: [String]
        let gateAt: Int
        let gate: Gate
        var index = 0

        mutating func next() async -> String? {
            guard index < lines.count else { return nil }
            if index == gateAt { await gate.arrive() }
            defer { index += 1 }
            return lines[index]
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(lines: lines, gateAt: gateAt, gate: gate) }
}

actor Gate {
    private var arrived = false
    private var released = false
    private var arrivalWaiters: [CheckedContinuation<Void, Never>] = []
    private var releaseWaiters: [CheckedContinuation<Void, Never>] = []

    func arrive() async {
        arrived = true
        for waiter in arrivalWaiters { waiter.resume() }
        arrivalWaiters.removeAll()
        if released { return }
        await withCheckedContinuation { releaseWaiters.append($0) }
    }

    func waitForArrival() async {
        if arrived { return }
        await withCheckedContinuation { arrivalWaiters.append($0) }
    }

    func release() {
        released = true
        for waiter in releaseWaiters { waiter.resume() }
        releaseWaiters.removeAll()
    }
}
