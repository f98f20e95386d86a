/// The channel through which a dossier is received or its result is returned (kênh tiếp nhận / kênh trả kết quả).
public enum Channel: String, Sendable, Codable, Equatable, Hashable, CaseIterable {
    /// At the one-stop desk (Bộ phận Một cửa).
    case direct
    /// Through the public-service portal.
    case online
    /// Through the public postal service (dịch vụ bưu chính công ích, Decision 45/2016/QĐ-TTg).
    case postal

    /// The code used by the national public-service portal sync: 1 direct, 2 online, 3 postal.
    public var portalCode: Int {
        switch self {
        case .direct: 1
        case .online: 2
        case .postal: 3
        }
    }

    public init?(portalCode: Int) {
        guard let channel = Self.allCases.first(where: { $0.portalCode == portalCode }) else { return nil }
        self = channel
    }

    public var vietnameseLabel: String {
        switch self {
        case .direct: "Trực tiếp"
        case .online: "Trực tuyến"
        case .postal: "Bưu chính công ích"
        }
    }

    public var englishLabel: String {
        switch self {
        case .direct: "In person"
        case .online: "Online"
        case .postal: "Public postal service"
        }
    }
}

/// How far a procedure is offered online (Decree 42/2022/NĐ-CP): fully (toàn trình), partly (một phần) or not at all.
public enum OnlineService: String, Sendable, Codable, Equatable, Hashable, CaseIterable {
    case none
    case partial
    case full

    public var vietnameseLabel: String {
        switch self {
        case .none: "Không trực tuyến"
        case .partial: "Trực tuyến một phần"
        case .full: "Trực tuyến toàn trình"
        }
    }

    /// Whether dossiers of the procedure can be filed online at all (`online ≠ none`).
    public var isOnlineCapable: Bool { self != .none }
}
