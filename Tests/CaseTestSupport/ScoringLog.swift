import CaseDomain
public import Foundation

/// Two agencies of 2021, scored with `rubrics/par-department-example.json`:
///
/// - BDT (Ban Dân tộc): the 2021 story of DOMAIN.md — six dossiers, every one received at the desk, none by post,
///   every result returned at the desk and none electronic; all handled on time. Two of its procedures are offered
///   online (1.012222 fully, 2.000010 partly), one is not.
/// - STP: meets every threshold — five of six dossiers online (one with its fee paid online), one by post, every
///   result electronic, one returned by post, both online procedures used online, all on time.
public enum ScoringLog {
    public static let bdtIdentifier = "000.00.13.H56"
    public static let stpIdentifier = "000.00.15.H56"

    public static func procedure(_ agency: String, _ code: String, online: String, fee: Int = 0, days: Int = 15) -> String {
        #"{"v":1,"type":"procedure","code":"\#(code)","name":"Thủ tục \#(code)","agency":"\#(agency)","valid_from":"2018-01-01","time_limit":{"value":\#(days),"unit":"working_days"},"online":"\#(online)","postal":true,"written_result":true,"fee":\#(fee)}"#
    }

    public static func event(_ code: String, _ type: String, _ at: String, _ fields: String = "") -> String {
        #"{"v":1,"type":"\#(type)","dossier":"\#(code)","at":"\#(at)T09:00:00+07:00"\#(fields)}"#
    }

    /// One dossier from receipt to return, on time: received on `day`, result two days later, returned the day after.
    public static func dossier(
        _ agency: String,
        _ identifier: String,
        sequence: Int,
        day: String,
        procedure: String,
        channel: String,
        electronic: Bool,
        returnChannel: String,
        feePaidOnline: Bool? = nil,
        components: String
    ) -> [String] {
        let parts = day.split(separator: "-")
        let code = "\(identifier)-\(parts[0].suffix(2))\(parts[1])\(parts[2])-000\(sequence)"
        let received =
            #"{"v":1,"type":"received","dossier":"\#(code)","at":"\#(day)T08:00:00+07:00","agency":"\#(agency)","procedure":"\#(procedure)","channel":"\#(channel)","applicant":{"name":"UBND xã Tân Lập","kind":"organisation"},"components":\#(components)}"#
        var lines = [received, event(code, "processing_started", day)]
        let later = { (days: Int) -> String in LocalDate(iso: day)!.adding(days: days).description }
        if let feePaidOnline {
            lines.append(event(code, "fee_requested", later(1), #","amount":50000"#))
            lines.append(event(code, "fee_paid", later(1), #","amount":50000,"online":\#(feePaidOnline)"#))
        }
        lines.append(event(code, "result_ready", later(2), #","electronic":\#(electronic)"#))
        lines.append(event(code, "returned", later(3), #","channel":"\#(returnChannel)""#))
        return lines
    }

    public static let digitized = #"[{"code":"TP1","digitized":true,"reused":true}]"#
    public static let paper = #"[{"code":"TP1","digitized":false,"reused":false}]"#

    public static let reference: [String] = [
        #"{"v":1,"type":"agency","code":"BDT","name":"Ban Dân tộc tỉnh","identifier":"\#(bdtIdentifier)"}"#,
        #"{"v":1,"type":"agency","code":"STP","name":"Sở Tư pháp","identifier":"\#(stpIdentifier)"}"#,
        procedure("BDT", "1.012222", online: "full"),
        procedure("BDT", "2.000010", online: "partial"),
        procedure("BDT", "2.000011", online: "none"),
        procedure("STP", "1.000100", online: "full"),
        procedure("STP", "1.000200", online: "partial", fee: 50_000),
    ]

    /// Six direct dossiers of BDT in 2021 (Monday to Thursday weeks, far from holidays).
    public static let bdtCodes = ["210302", "210406", "210511", "210615", "210803", "211012"].map { "\(bdtIdentifier)-\($0)-0001" }

    public static let banDanToc: [String] = {
        let days = ["2021-03-02", "2021-04-06", "2021-05-11", "2021-06-15", "2021-08-03", "2021-10-12"]
        let procedures = ["1.012222", "2.000010", "2.000011", "1.012222", "2.000010", "1.012222"]
        return zip(days, procedures).flatMap { day, procedure in
            dossier(
                "BDT",
                bdtIdentifier,
                sequence: 1,
                day: day,
                procedure: procedure,
                channel: "direct",
                electronic: false,
                returnChannel: "direct",
                components: paper
            )
        }
    }()

    public static let perfect: [String] = {
        var lines: [String] = []
        let online = ["2021-03-02", "2021-04-06", "2021-05-11", "2021-06-15"]
        for day in online {
            lines += dossier(
                "STP",
                stpIdentifier,
                sequence: 1,
                day: day,
                procedure: "1.000100",
                channel: "online",
                electronic: true,
                returnChannel: "online",
                components: digitized
            )
        }
        lines += dossier(
            "STP",
            stpIdentifier,
            sequence: 1,
            day: "2021-08-03",
            procedure: "1.000200",
            channel: "online",
            electronic: true,
            returnChannel: "postal",
            feePaidOnline: true,
            components: digitized
        )
        lines += dossier(
            "STP",
            stpIdentifier,
            sequence: 1,
            day: "2021-10-12",
            procedure: "1.000100",
            channel: "postal",
            electronic: true,
            returnChannel: "online",
            components: digitized
        )
        return lines
    }()

    public static var all: [String] { reference + banDanToc + perfect }
}
