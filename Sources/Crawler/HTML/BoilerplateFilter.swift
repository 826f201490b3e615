/// Removes what surrounds an article on a web page: page header, navigation, menus, cookie banners, share
/// bars, comments, newsletter boxes, related posts, sidebars, ads, and hidden elements. Elements are judged
/// by tag, ARIA role and label, and the words of their `id` and `class` (split at `-`, `_` and camelCase,
/// so `site-nav`, `shareBar` and `cookie_banner` match while `canvas` or `download` do not).
enum BoilerplateFilter {
    static func pruned(_ element: MarkupElement) -> MarkupElement {
        pruned(element, insideContent: isContentLandmark(element))
    }

    /// `<article>` and `<main>`: a header inside them introduces the content rather than the site.
    private static func isContentLandmark(_ element: MarkupElement) -> Bool {
        element.name == "article" || element.name == "main" || element.attribute("role")?.lowercased() == "main"
    }

    private static func pruned(_ element: MarkupElement, insideContent: Bool) -> MarkupElement {
        // Syntax highlighters mark up code with classes like `comment` or `meta`; code is never boilerplate.
        if HTMLTags.preformatted.contains(element.name) { return element }
        var copy = element
        copy.children = element.children.compactMap { node in
            guard case .element(let child) = node else { return node }
            if isBoilerplate(child, insideContent: insideContent) { return nil }
            return .element(pruned(child, insideContent: insideContent || isContentLandmark(child)))
        }
        return copy
    }

    static func isBoilerplate(_ element: MarkupElement, insideContent: Bool) -> Bool {
        if HTMLTags.dropped.contains(element.name) { return true }
        // A page's header is boilerplate; an article's own header holds its title and byline.
        if element.name == "header" && !insideContent { return true }
        if element.attribute("hidden") != nil || element.attribute("aria-hidden")?.lowercased() == "true" {
            return true
        }
        if let style = element.attribute("style")?.lowercased().filter({ !$0.isWhitespace }),
            style.contains("display:none") || style.contains("visibility:hidden")
        {
            return true
        }
        let roles = element.attribute("role")?.lowercased().split(separator: " ").map(String.init) ?? []
        if roles.contains(where: negativeRoles.contains) { return true }
        if structural.contains(element.name) || roles.contains("main") || roles.contains("article") { return false }
        if let label = element.attribute("aria-label"),
            words(label).contains(where: { negativeWords.contains($0) || strongNegativeWords.contains($0) })
        {
            return true
        }
        var tokens = element.attribute("class")?.split(whereSeparator: \.isWhitespace).map(String.init) ?? []
        if let id = element.attribute("id") { tokens.append(id) }
        var negative = false
        for token in tokens {
            switch judge(token, insideContent: insideContent) {
            case .positive: return false
            case .negative: negative = true
            case .neutral: break
            }
        }
        return negative
    }

    private enum Verdict { case positive, negative, neutral }

    private static func judge(_ token: String, insideContent: Bool) -> Verdict {
        let parts = words(token)
        guard let first = parts.first, !statePrefixes.contains(first) else { return .neutral }
        let compound = parts.joined()
        if parts.contains(where: strongNegativeWords.contains) { return .negative }
        if !insideContent && parts.contains("header") { return .negative }
        let guarded = parts.contains(where: guardWords.contains)
        if !guarded && (parts.contains(where: negativeWords.contains) || negativeCompounds.contains(compound)) {
            return .negative
        }
        return guarded || compound == "main" ? .positive : .neutral
    }

    /// Lower-cased words of an identifier or label: split at non-alphanumerics and lower-to-upper case changes.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previousWasLower = false
        for character in text {
            if character.isLetter || character.isNumber {
                if character.isUppercase && previousWasLower && !current.isEmpty {
                    words.append(current)
                    current = ""
                }
                current.append(contentsOf: character.lowercased())
                previousWasLower = character.isLowercase || character.isNumber
            } else {
                if !current.isEmpty { words.append(current) }
                current = ""
                previousWasLower = false
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    private static let structural: Set<String> = ["html", "body", "main", "article"]

    private static let negativeRoles: Set<String> = [
        "navigation", "banner", "contentinfo", "complementary", "menu", "menubar", "toolbar", "search", "dialog",
        "alertdialog", "tablist",
    ]

    /// Class or id words that mark boilerplate unless a guard word sits in the same token
    /// (`content-sidebar-wrap` is the content, `sidebar` is not).
    private static let negativeWords: Set<String> = [
        "nav", "navbar", "navigation", "menu", "menus", "menubar", "breadcrumb", "breadcrumbs", "share", "sharing",
        "sharebar", "sharedaddy", "social", "comment", "comments", "disqus", "subscribe", "subscription", "signup",
        "related", "recommended", "recommendations", "sidebar", "widget", "widgets", "ad", "ads", "advert", "adverts",
        "advertisement", "advertising", "sponsor", "sponsored", "promo", "popup", "modal", "masthead", "pagination",
        "pager", "toolbar", "skip", "outbrain", "taboola",
    ]

    /// Words that mark boilerplate even next to a guard word (`entry-footer`, `content-cookie-notice`).
    private static let strongNegativeWords: Set<String> = [
        "footer", "cookie", "cookies", "consent", "gdpr", "newsletter",
    ]

    private static let negativeCompounds: Set<String> = [
        "topnav", "subnav", "sitenav", "mainnav", "navmenu", "cookiebanner", "cookienotice", "adsbygoogle", "adslot",
        "adunit", "adcontainer", "sronly", "screenreadertext", "visuallyhidden", "socialshare", "sharebuttons",
        "relatedposts", "morestories",
    ]

    private static let guardWords: Set<String> = ["content", "article", "entry", "story", "body"]

    /// `has-sidebar`, `no-comments`, `is-sticky`: state flags, usually on the content's own container.
    private static let statePrefixes: Set<String> = ["has", "no", "with", "is", "without", "show", "enable", "enabled"]
}
