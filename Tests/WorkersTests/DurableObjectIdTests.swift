import Testing
@testable import Workers

@Suite struct DurableObjectIdTests {
    let factory = DurableObjectIdFactory(uniqueKey: "demo:Counter")

    @Test func namesGiveStable64HexIds() throws {
        let a = factory.idFromName("alice")
        #expect(a.hex.count == 64)
        #expect(a.hex.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(a == DurableObjectIdFactory(uniqueKey: "demo:Counter").idFromName("alice"))
        #expect(a != factory.idFromName("bob"))
        #expect(a != DurableObjectIdFactory(uniqueKey: "demo:Other").idFromName("alice"))
        #expect(a.name == "alice")
    }

    @Test func idFromStringRoundTripsAndChecksTheMac() throws {
        let unique = factory.newUniqueId()
        #expect(unique != factory.newUniqueId())
        #expect(try factory.idFromString(unique.hex) == unique)
        #expect(try factory.idFromString(unique.hex.uppercased()) == unique)
        #expect(throws: DurableObjectIdFactory.ParseError.badLength(3)) { try factory.idFromString("abc") }
        #expect(throws: DurableObjectIdFactory.ParseError.notHex) { try factory.idFromString(String(repeating: "z", count: 64)) }
        let foreign = DurableObjectIdFactory(uniqueKey: "other").newUniqueId()
        #expect(throws: DurableObjectIdFactory.ParseError.wrongNamespace) { try factory.idFromString(foreign.hex) }
    }

    @Test func directoryKeepsOneInstancePerIdAndRetriesFailedConstruction() async throws {
        let directory = DurableObjectDirectory<Int>()
        let counter = Counter()
        // Ten concurrent first calls share one construction.
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<10 { group.addTask { try await directory.instance(for: "a") { await counter.next() } } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(Set(results) == [1])
        struct Boom: Error {}
        await #expect(throws: Boom.self) { try await directory.instance(for: "b") { throw Boom() } }
        #expect(try await directory.instance(for: "b") { await counter.next() } == 2)
        #expect(await directory.evictAll().sorted() == [1, 2])
        #expect(try await directory.instance(for: "a") { await counter.next() } == 3)
    }

    private actor Counter {
        var value = 0
        func next() -> Int { value += 1; return value }
    }
}
