import Foundation

/// One mutex per graph node, so that threads inserting nodes in parallel can each rewrite a neighbour
/// list while others read the rest of the graph. A lock is held only while one list is copied or changed.
final class NodeLocks: @unchecked Sendable {
    // The mutexes are initialized once here and destroyed in deinit; pthread serializes the rest.
    private let mutexes: UnsafeMutablePointer<pthread_mutex_t>
    private let count: Int

    init(count: Int) {
        self.count = count
        mutexes = .allocate(capacity: max(count, 1))
        for index in 0..<count { pthread_mutex_init(mutexes + index, nil) }
    }

    deinit {
        for index in 0..<count { pthread_mutex_destroy(mutexes + index) }
        mutexes.deallocate()
    }

    @inline(__always)
    func lock(_ node: Int) { pthread_mutex_lock(mutexes + node) }

    @inline(__always)
    func unlock(_ node: Int) { pthread_mutex_unlock(mutexes + node) }
}
