/// A published plan template: the structure a support plan is generated from, and its rules source.
public struct PlanTemplate: Hashable, Sendable, Codable {
    public enum Status: String, Codable, Sendable { case draft, active, inactive }

    public var id: String
    public var name: String
    public var description: String?
    public var status: Status
    public var limits: TemplateLimits
    public var sections: [TemplateSection] { didSet { index = KeyIndex(sections) } }
    /// The published version this value was read from; 0 when read from disk and not yet published.
    public var version: Int
    /// The text of `rules.lua`, nil when the template has none.
    public var rulesSource: String?
    /// Where the rules came from, for messages: `Rules/ndis-core/rules.lua`.
    public var rulesPath: String
    /// Where each item and section sits, so lookups by key don't scan the template (plans ask per instance).
    private var index: KeyIndex

    public init(id: String, name: String, description: String? = nil, status: Status = .active,
                limits: TemplateLimits = .init(), sections: [TemplateSection], version: Int = 0,
                rulesSource: String? = nil, rulesPath: String? = nil) {
        self.id = id; self.name = name; self.description = description; self.status = status
        self.limits = limits; self.sections = sections; self.version = version
        self.index = KeyIndex(sections)
        self.rulesSource = rulesSource; self.rulesPath = rulesPath ?? "Rules/\(id)/rules.lua"
    }

    public var items: [TemplateItem] { sections.flatMap(\.items) }

    public func item(_ key: String) -> TemplateItem? {
        index.items[key].map { sections[$0.section].items[$0.item] }
    }

    /// True when no two items share a key.
    var hasUniqueItemKeys: Bool { index.uniqueItemKeys }

    public func section(containing itemKey: String) -> TemplateSection? {
        index.items[itemKey].map { sections[$0.section] }
    }

    public func section(_ key: String) -> TemplateSection? { index.sections[key].map { sections[$0] } }
    /// A section's title, read in place (`section(_:)` copies the whole section, items and all).
    public func sectionTitle(_ key: String) -> String? { index.sections[key].map { sections[$0].title } }

    enum CodingKeys: String, CodingKey {
        case id, name, description, status, limits, sections, version, rulesSource, rulesPath
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try c.decode(String.self, forKey: .id), name: try c.decode(String.self, forKey: .name),
                  description: try c.decodeIfPresent(String.self, forKey: .description),
                  status: try c.decode(Status.self, forKey: .status), limits: try c.decode(TemplateLimits.self, forKey: .limits),
                  sections: try c.decode([TemplateSection].self, forKey: .sections), version: try c.decode(Int.self, forKey: .version),
                  rulesSource: try c.decodeIfPresent(String.self, forKey: .rulesSource),
                  rulesPath: try c.decode(String.self, forKey: .rulesPath))
    }
}

/// Per-template limits on rule execution (`limits:` in template.yaml).
public struct TemplateLimits: Hashable, Sendable, Codable {
    public var instructions: Int
    public var memoryMB: Int
    public init(instructions: Int = 1_000_000, memoryMB: Int = 64) {
        self.instructions = instructions; self.memoryMB = memoryMB
    }

    /// What `limits.instructions` may be: a hook of a billion instructions already runs for seconds.
    public static let instructionRange = 1...1_000_000_000
    /// What `limits.memory_mb` may be: up to 1 GiB for one template's Lua state.
    public static let memoryMBRange = 1...1_024
}

/// Text and links shown to the coordinator at a section heading or an item.
public struct Guidance: Hashable, Sendable, Codable {
    public struct Link: Hashable, Sendable, Codable {
        public var title: String
        public var url: String
        public init(title: String, url: String) { self.title = title; self.url = url }
    }
    public var text: String?
    public var links: [Link]
    public init(text: String? = nil, links: [Link] = []) { self.text = text; self.links = links }
}

/// A titled group of items in a template.
public struct TemplateSection: Hashable, Sendable, Codable {
    public var key: String
    public var title: String
    public var guidance: Guidance?
    public var items: [TemplateItem]
    public init(key: String, title: String, guidance: Guidance? = nil, items: [TemplateItem]) {
        self.key = key; self.title = title; self.guidance = guidance; self.items = items
    }
}

/// Positions of sections and items by key. The first of duplicate keys wins, as a scan would find it.
struct KeyIndex: Hashable, Sendable {
    struct Position: Hashable, Sendable { var section: Int; var item: Int }
    var sections: [String: Int] = [:]
    var items: [String: Position] = [:]
    /// No two items share a key (the loader refuses that; a template built in code may still do it).
    var uniqueItemKeys = true

    init(_ sections: [TemplateSection]) {
        for (s, section) in sections.enumerated() {
            if self.sections[section.key] == nil { self.sections[section.key] = s }
            for (i, item) in section.items.enumerated() {
                guard items[item.key] == nil else { uniqueItemKeys = false; continue }
                items[item.key] = Position(section: s, item: i)
            }
        }
    }
}
