import Compute
import Foundation

/// `orchestrate-bench index VECTORS QUERIES --dim D [--m 16] [--ef-construction 200] [--ef-search 50]
/// [--k 10] [--threads 2] [--seed S] [--repeat 3]`: builds an HNSW index over VECTORS (raw little-endian
/// float32 rows of D values), then answers every row of QUERIES one at a time on one thread, with the
/// graph (best of --repeat passes, as the peer times hnswlib) and with exact search, and prints one JSON
/// line: build seconds, both rates in queries per second, and the graph's recall@k against the exact
/// answers. Benchmarks/peers/hnswlib_index.py takes the same arguments (its --seed seeds hnswlib's levels).
enum IndexBenchmark {
    struct Options {
        var vectors = ""
        var queries = ""
        var dimension = 0
        var parameters = HNSWParameters()
        var k = 10
        var threads = 2
        var repeats = 3

        init(_ arguments: [String]) throws {
            var positional: [String] = []
            var rest = arguments[...]
            while let argument = rest.popFirst() {
                guard argument.hasPrefix("--") else {
                    positional.append(argument)
                    continue
                }
                guard let text = rest.popFirst(), let value = Int(text) else {
                    throw BenchmarkError("\(argument) needs an integer value")
                }
                switch argument {
                case "--dim": dimension = value
                case "--m": parameters.m = value
                case "--ef-construction": parameters.efConstruction = value
                case "--ef-search": parameters.efSearch = value
                case "--k": k = value
                case "--threads": threads = value
                case "--seed": parameters.seed = UInt64(value)
                case "--repeat": repeats = max(1, value)
                default: throw BenchmarkError("unknown option \(argument)")
                }
            }
            guard positional.count == 2, dimension > 0 else {
                throw BenchmarkError(
                    "usage: orchestrate-bench index VECTORS QUERIES --dim D [--m M] [--ef-construction E] [--ef-search E] [--k K] [--threads T] [--seed S] [--repeat R]"
                )
            }
            (vectors, queries) = (positional[0], positional[1])
        }
    }

    struct BenchmarkError: Error, LocalizedError {
        let message: String
        init(_ message: String) { self.message = message }
        var errorDescription: String? { message }
    }

    static func run(_ arguments: [String]) throws {
        let options = try Options(arguments)
        let vectors = try rows(of: options.vectors, dimension: options.dimension)
        let queries = try rows(of: options.queries, dimension: options.dimension)
        var builder = try VectorIndexBuilder(dimension: options.dimension)
        for (position, vector) in vectors.enumerated() { try builder.add(vector: vector, id: "v\(position)") }
        let clock = ContinuousClock()

        BLASThreads.set(options.threads)
        let buildStart = clock.now
        let hnsw = try builder.build(kind: .hnsw, parameters: options.parameters, threads: options.threads)
        let buildSeconds = seconds(clock.now - buildStart)
        let exact = try builder.build(kind: .exact)

        // Queries one at a time on one thread, as a service answering single requests would.
        BLASThreads.set(1)
        var truth: [[Int]] = []
        let exactStart = clock.now
        for query in queries { truth.append(try exact.search(query, k: options.k).map(\.position)) }
        let exactSeconds = seconds(clock.now - exactStart)
        var answers: [[Int]] = []
        var hnswSeconds = Double.infinity
        for _ in 0..<options.repeats {
            answers = []
            let hnswStart = clock.now
            for query in queries { answers.append(try hnsw.search(query, k: options.k).map(\.position)) }
            hnswSeconds = min(hnswSeconds, seconds(clock.now - hnswStart))
        }

        let found = zip(truth, answers).reduce(0) { $0 + Set($1.0).intersection($1.1).count }
        let recall = Double(found) / Double(max(1, truth.reduce(0) { $0 + $1.count }))
        let fields: [(String, String)] = [
            ("implementation", "\"orchestrate\""), ("vectors", "\(vectors.count)"), ("queries", "\(queries.count)"),
            ("dim", "\(options.dimension)"), ("m", "\(options.parameters.m)"),
            ("ef_construction", "\(options.parameters.efConstruction)"), ("ef_search", "\(options.parameters.efSearch)"),
            ("k", "\(options.k)"), ("threads", "\(options.threads)"), ("seed", "\(options.parameters.seed)"),
            ("repeat", "\(options.repeats)"),
            ("build_seconds", String(format: "%.2f", buildSeconds)),
            ("hnsw_qps", String(format: "%.1f", Double(queries.count) / hnswSeconds)),
            ("exact_qps", String(format: "%.1f", Double(queries.count) / exactSeconds)),
            ("recall_at_k", String(format: "%.4f", recall)),
        ]
        print("{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
    }

    /// The rows of a raw little-endian float32 file.
    static func rows(of path: String, dimension: Int) throws -> [[Float]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        guard data.count % (4 * dimension) == 0 else {
            throw BenchmarkError("\(path): \(data.count) bytes is not a whole number of \(dimension)-float rows")
        }
        return data.withUnsafeBytes { bytes in
            (0..<data.count / (4 * dimension)).map { row in
                (0..<dimension).map { column in
                    Float(
                        bitPattern: UInt32(
                            littleEndian: bytes.loadUnaligned(fromByteOffset: 4 * (row * dimension + column), as: UInt32.self)))
                }
            }
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
