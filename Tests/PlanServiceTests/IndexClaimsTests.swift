import Dispatch
import Foundation
@testable import PlanService
import Testing

/// The batch evaluator's workers claim a batch's plans one at a time: every index exactly once, whoever asks.
@Suite struct IndexClaimsTests {
    @Test func oneThreadClaimsEveryIndexInOrderThenNothing() {
        let claims = IndexClaims(count: 4)
        #expect([claims.claim(), claims.claim(), claims.claim(), claims.claim(), claims.claim(), claims.claim()]
            == [0, 1, 2, 3, nil, nil])
    }

    @Test func anEmptyOrNegativeCountHasNothingToClaim() {
        #expect(IndexClaims(count: 0).claim() == nil)
        #expect(IndexClaims(count: -3).claim() == nil)
    }

    @Test func threadsClaimingAtOnceShareEveryIndexExactlyOnce() {
        let claims = IndexClaims(count: 10_000)
        let claimed = ThreadConfined([[Int]](repeating: [], count: 4))
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: 4) { thread in
            var mine: [Int] = []
            while let index = claims.claim() { mine.append(index) }
            lock.withLock { claimed.value[thread] = mine }
        }
        // Each thread's claims rise; together they are 0..<10,000, none twice.
        #expect(claimed.value.allSatisfy { $0 == $0.sorted() })
        #expect(claimed.value.flatMap { $0 }.sorted() == Array(0..<10_000))
    }
}
