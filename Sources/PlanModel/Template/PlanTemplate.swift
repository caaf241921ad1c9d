/// A published plan template: the structure a support plan is generated from, and its rules source.
public struct PlanTemplate: Hashable, Sendable, Codable {
    public enum Status: String, Codable, Sendable { case draft, active, inactive }

    public var id: String
    public var name: String
    public var description: String?
    public var status: Status
    public var limits: TemplateLimits
    public var sections: [TemplateSection]
    /// The published version this value was read from; 0 when read from disk and not yet published.
    public var version: Int
    /// The text of `rules.lua`, nil when the template has none.
    public var rulesSource: String?
    /// Where the rules came from, for messages: `Rules/ndis-core/rules.lua`.
    public var rulesPath: String

    public init(id: String, name: String, description: String? = nil, status: Status = .active,
                limits: TemplateLimits = .init(), sections: [TemplateSection], version: Int = 0,
                rulesSource: String? = nil, rulesPath: String? = nil) {
        self.id = id; self.name = name; self.description = description; self.status = status
        self.limits = limits; self.sections = sections; self.version = version
        self.rulesSource = rulesSource; self.rulesPath = rulesPath ?? "Rules/\(id)/rules.lua"
    }

    public var items: [TemplateItem] { sections.flatMap(\.items) }

    public func item(_ key: String) -> TemplateItem? {
        for section in sections { if let item = section.items.first(where: { $0.key == key }) { return item } }
        return nil
    }

    public func section(containing itemKey: String) -> TemplateSection? {
        sections.first { $0.items.contains { $0.key == itemKey } }
    }

    public func section(_ key: String) -> TemplateSection? { sections.first { $0.key == key } }
}

/// Per-template limits on rule execution (`limits:` in template.yaml).
public struct TemplateLimits: Hashable, Sendable, Codable {
    public var instructions: Int
    public var memoryMB: Int
    public init(instructions: Int = 1_000_000, memoryMB: Int = 64) {
        self.instructions = instructions; self.memoryMB = memoryMB
    }
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
