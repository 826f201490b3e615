/// Picks the element holding a page's main text from a body already stripped of boilerplate: the `<article>`
/// with the most text, else `<main>` (or role=main), else the element `itemprop="articleBody"`, else the
/// container that scores best the way Readability scores them (paragraph length and commas credited to
/// the paragraph's ancestors, discounted by link density). A landmark that holds only a small part of the
/// page's text (a teaser card, a one-line `<main>`) is passed over.
enum ContentLocator {
    static func mainContent(in body: MarkupElement) -> MarkupElement {
        let bodyLength = TextMeasure.length(of: body)
        let minimumShare = bodyLength / 4
        let articles = body.descendants { $0.name == "article" }
        if let article = articles.map({ ($0, TextMeasure.length(of: $0)) }).max(by: { $0.1 < $1.1 }),
           article.1 > 0, article.1 >= minimumShare {
            return article.0
        }
        let landmarks: [(MarkupElement) -> Bool] = [
            { $0.name == "main" || $0.attribute("role")?.lowercased() == "main" },
            { $0.attribute("itemprop")?.split(separator: " ").contains("articleBody") == true },
        ]
        for isLandmark in landmarks {
            if let landmark = body.firstDescendant(where: isLandmark) {
                let length = TextMeasure.length(of: landmark)
                if length > 0 && length >= minimumShare { return landmark }
            }
        }
        return bestScoringContainer(in: body) ?? body
    }

    private struct Candidate {
        var element: MarkupElement
        var score: Double
    }

    private static func bestScoringContainer(in body: MarkupElement) -> MarkupElement? {
        var candidates: [[Int]: Candidate] = [:]
        score(body, path: [], ancestors: [], candidates: &candidates)
        let ranked = candidates.values.map { candidate in
            (candidate.element, candidate.score * (1 - TextMeasure.linkDensity(of: candidate.element)))
        }
        guard let best = ranked.max(by: { $0.1 < $1.1 }), best.1 > 0 else { return nil }
        return best.0
    }

    /// Walks the tree crediting each paragraph-like element's score to its parent (in full), grandparent
    /// (half) and great-grandparent (a sixth). Elements are keyed by their child-index path.
    private static func score(_ element: MarkupElement, path: [Int], ancestors: [(path: [Int], element: MarkupElement)],
                              candidates: inout [[Int]: Candidate]) {
        if isParagraphLike(element) {
            let text = TextMeasure.collapsedText(of: element)
            if text.count >= 25 {
                let commas = text.reduce(0) { $0 + ($1 == "," || $1 == "，" ? 1 : 0) }
                let points = 1 + Double(commas) + min(Double(text.count) / 100, 3)
                for (level, ancestor) in ancestors.reversed().prefix(3).enumerated() {
                    let share = level == 0 ? 1 : level == 1 ? 0.5 : 1.0 / 6
                    candidates[ancestor.path, default: Candidate(element: ancestor.element,
                                                                 score: initialScore(ancestor.element))]
                        .score += points * share
                }
            }
        }
        let lineage = ancestors + [(path, element)]
        for (index, node) in element.children.enumerated() {
            guard case .element(let child) = node else { continue }
            score(child, path: path + [index], ancestors: lineage, candidates: &candidates)
        }
    }

    private static func isParagraphLike(_ element: MarkupElement) -> Bool {
        switch element.name {
        case "p", "pre", "td", "blockquote": return true
        case "div", "section": return !element.childElements.contains { HTMLTags.block.contains($0.name) }
        default: return false
        }
    }

    /// Readability's prior by tag, plus credit for class and id words that name content.
    private static func initialScore(_ element: MarkupElement) -> Double {
        var score: Double = switch element.name {
        case "div", "article", "section", "main": 5
        case "pre", "td", "blockquote": 3
        case "ol", "ul", "dl", "form": -3
        case "h1", "h2", "h3", "h4", "h5", "h6", "th": -5
        default: 0
        }
        let words = BoilerplateFilter.words((element.attribute("class") ?? "") + " " + (element.attribute("id") ?? ""))
        if words.contains(where: positiveWords.contains) { score += 25 }
        return score
    }

    private static let positiveWords: Set<String> = [
        "article", "body", "content", "entry", "main", "page", "post", "text", "blog", "story", "prose",
    ]
}
