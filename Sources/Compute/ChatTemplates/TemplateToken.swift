/// One token of a template: literal text between tags, a tag's delimiters, or a piece of an expression.
struct TemplateToken: Equatable {
    enum Kind: Equatable {
        case text(String)
        /// `{{`
        case outputBegin
        /// `}}`
        case outputEnd
        /// `{%`
        case statementBegin
        /// `%}`
        case statementEnd
        case name(String)
        case string(String)
        case integer(Int)
        case float(Double)
        /// An operator or punctuation: `+`, `//`, `==`, `(`, `|`...
        case symbol(String)
        case end
    }

    var kind: Kind
    var line: Int
    var column: Int
}
