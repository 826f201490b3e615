/// One tensor info of a GGUF file: what the tensor is called, its shape and type, and where its bytes are.
public struct GGUFTensor: Sendable, Equatable {
    public var name: String
    /// The dimensions as GGUF lists them, innermost (contiguous) first: a matrix of `rows` rows of `columns`
    /// values is `[columns, rows]`, the reverse of a safetensors or numpy shape.
    public var dimensions: [Int]
    public var type: GGMLType
    /// The byte range relative to the start of the data section.
    public var dataOffsets: Range<Int>

    public init(name: String, dimensions: [Int], type: GGMLType, dataOffsets: Range<Int>) {
        self.name = name
        self.dimensions = dimensions
        self.type = type
        self.dataOffsets = dataOffsets
    }

    /// The product of the dimensions.
    public var elementCount: Int { dimensions.reduce(1, *) }

    /// The shape outermost first, as numpy, PyTorch and safetensors write it.
    public var shape: [Int] { dimensions.reversed() }
}
