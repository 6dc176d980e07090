import Foundation
import JavaScript
import Testing

@Suite struct TimerTests {
    @Test func timeoutsFireInDeadlineOrderWithArguments() async throws {
        try await withIsolate { isolate throws in
            let done = try await isolate.run { ctx in
                try ctx.evaluate("""
                    new Promise(resolve => {
                      const log = [];
                      setTimeout(v => log.push(v), 30, "c");
                      setTimeout(v => log.push(v), 10, "b");
                      setTimeout(v => log.push(v), 0, "a");
                      setTimeout(() => resolve(log.join()), 50);
                    })
                    """)
            }
            let log = try await done.resolved()
            #expect(try await isolate.run { _ in try log.toString() } == "a,b,c")
        }
    }

    @Test func clearTimeoutAndIntervals() async throws {
        try await withIsolate { isolate throws in
            let done = try await isolate.run { ctx in
                try ctx.evaluate("""
                    new Promise(resolve => {
                      let ticks = 0, cancelledRan = false;
                      const cancelled = setTimeout(() => { cancelledRan = true }, 5);
                      clearTimeout(cancelled);
                      clearTimeout(123456); clearTimeout(undefined);
                      const id = setInterval(() => {
                        if (++ticks === 3) { clearInterval(id); setTimeout(() => resolve(`${ticks}:${cancelledRan}`), 20); }
                      }, 2);
                    })
                    """)
            }
            let result = try await done.resolved()
            #expect(try await isolate.run { _ in try result.toString() } == "3:false")
        }
    }

    @Test func timerIdsArePositiveAndBadCallbacksThrow() async throws {
        try await withIsolate { isolate throws in
            let result = try await evaluateString(isolate, """
                const id = setTimeout(() => {}, 1e12);  // clamped, not fired at once
                clearTimeout(id);
                let error = "";
                try { setTimeout("code string") } catch (e) { error = e.name }
                `${id > 0}:${error}`
                """)
            #expect(result == "true:TypeError")
        }
    }
}
