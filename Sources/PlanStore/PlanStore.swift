import PlanModel

/// Where clients, records, template versions, plans and history are kept.
///
/// Every change happens inside one `write` transaction: the service loads what it needs, runs the
/// model's operation and saves everything, and an error thrown inside the body rolls all of it back.
public protocol PlanStore: Sendable {
    /// Runs `body` in one read transaction: it sees one consistent state of the store.
    func read<T>(_ body: (any StoreReader) throws -> T) throws -> T

    /// Runs `body` in one write transaction, committed when it returns and rolled back when it throws.
    /// Write transactions of every connection to the store run one after another.
    func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T

    /// Calls `body` with every plan of the given statuses in id order, reading `batchSize` plans at a
    /// time so memory does not grow with the number of plans. `body` runs outside any transaction and
    /// may write; plans added meanwhile after the current position are visited too.
    func forEachPlan(statuses: [SupportPlan.Status], batchSize: Int, _ body: (SupportPlan) throws -> Void) throws
}

extension PlanStore {
    /// Every draft and active plan, 500 at a time.
    public func forEachPlan(_ body: (SupportPlan) throws -> Void) throws {
        try forEachPlan(statuses: [.draft, .active], batchSize: 500, body)
    }
}

/// What can be read inside a transaction.
public protocol StoreReader {
    func client(id: String) throws -> Client?
    /// Every client in id order.
    func allClients() throws -> [Client]

    func record(id: String) throws -> ClientRecord?
    /// A client's records in id order.
    func records(clientID: String) throws -> [ClientRecord]

    func templateVersion(id: String, version: Int) throws -> StoredTemplateVersion?
    func latestTemplateVersion(id: String) throws -> StoredTemplateVersion?
    /// Every template with at least one published version, in id order.
    func templateIDs() throws -> [String]

    func plan(id: String) throws -> SupportPlan?
    /// Plans in id order, of one client and one status when given.
    func plans(clientID: String?, status: SupportPlan.Status?) throws -> [SupportPlan]
    func activePlan(clientID: String) throws -> SupportPlan?
    /// How many plans have one of `statuses`, without reading them.
    func planCount(statuses: [SupportPlan.Status]) throws -> Int
    /// The draft that reviews the plan `planID`, if one exists.
    func reviewDraft(of planID: String) throws -> SupportPlan?

    /// A plan's history in the order it was appended.
    func history(planID: String) throws -> [HistoryEvent]
    /// The changes made to a client and its records outside plans (imports), in the order they were appended.
    func clientHistory(clientID: String) throws -> [ClientEvent]

    /// Every user in name order.
    func users() throws -> [StoredUser]
    func user(name: String) throws -> StoredUser?
    /// How many users exist; none means a single-user installation.
    func userCount() throws -> Int
    /// The token with this hash, revoked or not.
    func token(hash: String) throws -> StoredToken?
    /// A user's tokens in id order, revoked ones included.
    func tokens(user: String) throws -> [StoredToken]
    /// The web session with this hash, expired or not (expiry is the service's decision).
    func session(hash: String) throws -> StoredSession?
}

/// What can be read and written inside a write transaction.
public protocol StoreTransaction: StoreReader {
    /// Inserts the client or replaces its name, profile and latest plan.
    func upsert(_ client: Client) throws
    /// Inserts the record or replaces its type and fields; its id's number moves the prefix's sequence past it.
    func upsert(_ record: ClientRecord) throws
    /// The next unused id for a record of `type` (`CC-00078`); numbers are never handed out twice.
    func nextRecordID(for type: RecordType) throws -> String

    /// Stores a new template version when the texts (the catalogs included) differ from the latest
    /// version's, otherwise nothing. `profileSource` and `recordTypesSource` are the texts of
    /// `profile.yaml` and `record-types.yaml` the version is published against.
    func publish(templateID: String, manifest: String, rulesSource: String?, libraries: [String: String],
                 profileSource: String?, recordTypesSource: String?, now: String) throws -> (version: Int, created: Bool)

    /// The next unused plan id (`SP-000001`).
    func nextPlanID() throws -> String
    /// Stores a new plan with its item instances, at the plan's revision.
    func insert(_ plan: SupportPlan) throws
    /// Replaces a stored plan and its instances when its stored revision is `expectedRevision`,
    /// and returns the new revision (`expectedRevision + 1`); otherwise refuses with a conflict.
    @discardableResult
    func update(_ plan: SupportPlan, expectedRevision: Int) throws -> Int

    func append(_ events: [HistoryEvent]) throws
    func append(_ events: [ClientEvent]) throws

    /// Stores a new user; a name already taken is a constraint error.
    func insert(_ user: StoredUser) throws
    /// Replaces a user's roles and password hash.
    func update(_ user: StoredUser) throws
    /// Removes a user and their tokens.
    func removeUser(name: String) throws
    /// Stores a new token for `user` and returns its id.
    func insertToken(user: String, hash: String, createdAt: String) throws -> Int
    /// Marks a token revoked at `at`; a token already revoked keeps its first date.
    func revokeToken(id: Int, at: String) throws
    /// Stores a new web session of an existing user; removing the user removes their sessions.
    func insert(_ session: StoredSession) throws
    /// Sets when a session was last used; nothing when it is gone (ended meanwhile).
    func touchSession(hash: String, at: String) throws
    /// Ends a session; nothing when it is gone already.
    func removeSession(hash: String) throws
    /// Ends every session of `user` (a new password signs the old sessions out).
    func removeSessions(user: String) throws
    /// Removes sessions created before `createdBefore` or last used before `lastSeenBefore` (times as
    /// stored, compared as text) and returns how many.
    @discardableResult
    func removeSessions(createdBefore: String, lastSeenBefore: String) throws -> Int
}

extension StoreTransaction {
    /// Stores a version without catalogs, as versions were published before they carried them.
    public func publish(templateID: String, manifest: String, rulesSource: String?, libraries: [String: String],
                        now: String) throws -> (version: Int, created: Bool) {
        try publish(templateID: templateID, manifest: manifest, rulesSource: rulesSource, libraries: libraries,
                    profileSource: nil, recordTypesSource: nil, now: now)
    }
}

extension StoreReader {
    /// The client, or a not-found error naming it.
    public func requireClient(id: String) throws -> Client {
        guard let client = try client(id: id) else { throw StoreError.notFound("No client with id '\(id)'") }
        return client
    }

    /// The record, or a not-found error naming it.
    public func requireRecord(id: String) throws -> ClientRecord {
        guard let record = try record(id: id) else { throw StoreError.notFound("No record with id '\(id)'") }
        return record
    }

    /// The plan, or a not-found error naming it.
    public func requirePlan(id: String) throws -> SupportPlan {
        guard let plan = try plan(id: id) else { throw StoreError.notFound("No plan with id '\(id)'") }
        return plan
    }

    /// The template version, or a not-found error naming it.
    public func requireTemplateVersion(id: String, version: Int) throws -> StoredTemplateVersion {
        guard let stored = try templateVersion(id: id, version: version) else {
            throw StoreError.notFound("No version \(version) of template '\(id)' has been published")
        }
        return stored
    }
}
