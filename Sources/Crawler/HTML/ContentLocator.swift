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
            article.1 > 0, article.1 >= minimumShare
        {
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
        var path: [Int]
        var element: MarkupElement
        var score: Double
    }

    private static func bestScoringContainer(in body: MarkupElement) -> MarkupElement? {
        var candidates: [[Int]: Candidate] = [:]
        var path: [Int] = []
        var lineage: [(path: [Int], element: MarkupElement)] = []
        score(body, path: &path, lineage: &lineage, candidates: &candidates)
        // Ties go to the element earlier in document order (an ancestor before its descendants), so the
        // choice never depends on dictionary order.
        let ordered = candidates.values.sorted { first, second in
            first.score != second.score ? first.score > second.score : first.path.lexicographicallyPrecedes(second.path)
        }
        // Link density costs a walk of the candidate's subtree, so only the leaders by raw score pay for it.
        var best: (element: MarkupElement, score: Double)?
        for candidate in ordered.prefix(5) {
            let score = candidate.score * (1 - TextMeasure.linkDensity(of: candidate.element))
            if score > (best?.score ?? 0) { best = (candidate.element, score) }
        }
        return best?.element
    }

    /// Walks the tree crediting each paragraph-like element's score to its parent (in full), grandparent
    /// (half) and great-grandparent (a sixth). Elements are keyed by their child-index path; `lineage`
    /// holds the ancestors of `element` with their paths.
    private static func score(
        _ element: MarkupElement, path: inout [Int], lineage: inout [(path: [Int], element: MarkupElement)],
        candidates: inout [[Int]: Candidate]
    ) {
        if isParagraphLike(element) {
            let text = element.textContent
            let length = TextMeasure.length(of: text)
            if length >= 25 {
                let commas = text.unicodeScalars.reduce(0) { $0 + ($1 == "," || $1 == "，" ? 1 : 0) }
                let points = 1 + Double(commas) + min(Double(length) / 100, 3)
                for (level, ancestor) in lineage.reversed().prefix(3).enumerated() {
                    let share = level == 0 ? 1 : level == 1 ? 0.5 : 1.0 / 6
                    candidates[
                        ancestor.path,
                        default: Candidate(
                            path: ancestor.path, element: ancestor.element,
                            score: initialScore(ancestor.element))
                    ]
                    .score += points * share
                }
            }
        }
        lineage.append((path, element))
        for (index, node) in element.children.enumerated() {
            guard case .element(let child) = node else { continue }
            path.append(index)
            score(child, path: &path, lineage: &lineage, candidates: &candidates)
            path.removeLast()
        }
        lineage.removeLast()
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
        var score: Double =
            switch element.name {
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
