import COpenBLAS

/// How many threads OpenBLAS may use for one matrix product.
public enum BLASThreads {
    public static var count: Int { Int(openblas_get_num_threads()) }

    public static func set(_ count: Int) {
        openblas_set_num_threads(Int32(max(1, count)))
    }
}
