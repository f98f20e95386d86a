public import CaseDomain
public import Foundation
public import Hummingbird
import NIOCore

/// The per-request context: Hummingbird's core storage, the authenticated caller (if any) and the client address.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The remote address as seen by the server (for per-client limits).
    public var remoteAddress: String?
    /// Who is calling; nil for anonymous requests.
    public var principal: Principal?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress?.ipAddress
        self.principal = nil
    }

    /// JSON with the project's conventions: UTF-8, no escaped slashes, stable key order, RFC 3339 moments in Vietnam's
    /// time zone.
    public var responseEncoder: JSONEncoder { APIJSON.encoder }

    /// Bodies over 1 MiB are refused with 413 while they are read.
    public var maxUploadSize: Int { 1 << 20 }

    /// The caller, or 401.
    func requirePrincipal() throws -> Principal {
        guard let principal else { throw APIError.unauthorized }
        return principal
    }

    /// The caller if their role is one of `roles`; 401 when anonymous, 403 otherwise.
    func require(_ roles: Role...) throws -> Principal {
        let principal = try requirePrincipal()
        guard roles.contains(principal.role) else { throw APIError.forbidden }
        return principal
    }
}

/// The JSON encoder of every API response.
public enum APIJSON {
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(VietnamTime.rfc3339(date))
        }
        return encoder
    }()
}
