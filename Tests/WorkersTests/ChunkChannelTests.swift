import Foundation
import Testing
@testable import Workers

/// The bounded channel behind streamed response bodies and streamed R2 uploads: a producer is told to wait
/// once the high-water mark is passed, and told to stop once the consumer is gone.
@Suite struct ChunkChannelTests {
    @Test func aFastProducerNeverGetsFarAheadOfASlowConsumer() async throws {
        let channel = ChunkChannel(highWater: 4 << 20)
        let chunk = [UInt8](repeating: 5, count: 1 << 20)
        let consumer = Task {
            var total = 0
            for try await piece in channel {
                total += piece.count
                try await Task.sleep(for: .milliseconds(1))
            }
            return total
        }
        var waits = 0
        for _ in 0..<64 {
            if channel.send(chunk) == .full {
                waits += 1
                #expect(await channel.room())
            }
            // Held ahead of the consumer: at most the mark plus the chunk that crossed it.
            #expect(channel.queuedBytes <= (4 << 20) + chunk.count)
        }
        channel.finish()
        #expect(try await consumer.value == 64 << 20)
        #expect(waits > 0)
    }

    @Test func aGoneConsumerStopsTheProducer() async throws {
        let channel = ChunkChannel(highWater: 10)
        #expect(channel.send([UInt8](repeating: 1, count: 20)) == .full)
        let waiting = Task { await channel.room() }
        channel.close()
        #expect(await waiting.value == false)
        #expect(channel.send([1]) == .closed)
    }

    @Test func aCompleteBodyIsTakenWholeAndAFailureReachesTheReader() async throws {
        let complete = ChunkChannel()
        complete.send([1, 2])
        complete.send([3])
        complete.finish()
        #expect(complete.takeAllIfComplete() == [1, 2, 3])

        let failing = ChunkChannel()
        failing.send([1])
        failing.finish(throwing: CancellationError())
        #expect(failing.takeAllIfComplete() == nil)
        var iterator = failing.makeAsyncIterator()
        #expect(try await iterator.next() == [1])
        await #expect(throws: CancellationError.self) { try await iterator.next() }
    }
}
