extension GGMLType {
    /// llama.cpp's `general.file_type` (`llama_ftype`) for a file whose matrices are all of this type;
    /// nil for the types the merged exports do not write.
    var llamaFileType: UInt32? {
        switch self {
        case .f32: 0
        case .f16: 1
        case .q4_0: 2
        case .q4_1: 3
        case .q8_0: 7
        case .bf16: 32
        default: nil
        }
    }
}
