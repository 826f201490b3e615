/// The checks every model's weight layout makes of a tensor it found: the shape its config asks for,
/// and a dtype that reads as Float.
enum WeightTensorCheck {
    /// `reason` names the config.json values the shape comes from, for the error.
    static func check(_ tensor: SafetensorsTensor, name: String, shape: [Int], file: String, configFile: String, reason: String)
        throws
    {
        guard tensor.shape == shape else {
            throw ModelFileError(
                .mismatch, file: file,
                message: "tensor '\(name)' has shape \(tensor.shape), but \(configFile) (\(reason)) needs \(shape)")
        }
        guard tensor.dtype.convertsToFloat else {
            throw ModelFileError(
                .unsupported, file: file,
                message: "tensor '\(name)' has dtype \(tensor.dtype.rawValue); weights must be F32, F16, BF16 or F64")
        }
    }
}
