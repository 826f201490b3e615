/// One entry of a safetensors header: where a tensor's bytes are and how to read them.
public struct SafetensorsTensor: Sendable, Equatable {
    public var name: String
    public var dtype: SafetensorsDType
    public var shape: [Int]
    /// Byte range relative to the start of the data section (after the header), as the header states it.
    public var dataOffsets: Range<Int>

    public init(name: String, dtype: SafetensorsDType, shape: [Int], dataOffsets: Range<Int>) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.dataOffsets = dataOffsets
    }

    /// The number of elements: the product of the shape (1 for a scalar's empty shape).
    public var elementCount: Int { shape.reduce(1, *) }
}
