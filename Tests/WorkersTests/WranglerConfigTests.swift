import Testing
@testable import Workers

@Suite struct WranglerConfigTests {
    @Test func readsEveryTOMLSection() throws {
        let text = """
        name = "demo"
        main = "src/index.js"
        compatibility_date = "2024-09-23"
        compatibility_flags = ["experimental", "webgpu", "nodejs_compat"]
        workers_dev = true

        [vars]
        GREETING = "hello"
        LIMITS = { max = 3, names = ["a", "b"] }

        [[durable_objects.bindings]]
        name = "COUNTER"
        class_name = "Counter"

        [[durable_objects.bindings]]
        name = "REMOTE"
        class_name = "Remote"
        script_name = "other-worker"

        [[migrations]]
        tag = "v1"
        new_classes = ["Counter"]

        [[r2_buckets]]
        binding = "BUCKET"
        bucket_name = "prod"
        preview_bucket_name = "dev"

        [[rules]]
        type = "Text"
        globs = ["**/*.md"]
        fallthrough = true
        """
        let config = try WranglerConfig.parse(text, file: "wrangler.toml")
        #expect(config.name == "demo")
        #expect(config.main == "src/index.js")
        #expect(config.compatibilityDate == "2024-09-23")
        #expect(config.compatibilityFlags.webgpuEnabled)
        #expect(config.compatibilityFlags.nodejsCompat)
        #expect(config.vars.map(\.name) == ["GREETING", "LIMITS"])
        #expect(config.vars[0].value == .string("hello"))
        #expect(config.vars[1].value.jsonText == #"{"max":3,"names":["a","b"]}"#)
        #expect(config.durableObjects == [
            DurableObjectBinding(name: "COUNTER", className: "Counter"),
            DurableObjectBinding(name: "REMOTE", className: "Remote", scriptName: "other-worker"),
        ])
        #expect(config.migrations.first?.newClasses == ["Counter"])
        #expect(config.r2Buckets.first?.devBucketName == "dev")
        #expect(config.rules == [ModuleRule(type: .text, globs: ["**/*.md"], fallsThrough: true)])
        // The only warning: REMOTE's class lives in a Worker kiln dev does not run.
        #expect(config.warnings.map(\.message) == [
            "Durable Object binding \"REMOTE\" (class Remote) is defined in the Worker \"other-worker\", which kiln dev "
                + "does not run: it is not connected, and its stubs' fetch() and RPC calls throw",
        ])
    }

    @Test func jsoncAllowsCommentsAndTrailingCommas() throws {
        let text = """
        // project settings
        {
          "name": "demo", /* inline */
          "main": "index.js",
          "vars": { "N": 5, "URL": "http://x//y", },
          "r2_buckets": [ { "binding": "B", "bucket_name": "b" }, ],
        }
        """
        let config = try WranglerConfig.parse(text, file: "wrangler.jsonc")
        #expect(config.main == "index.js")
        #expect(config.vars[0].value == .integer(5))
        #expect(config.vars[1].value == .string("http://x//y"))
        #expect(config.r2Buckets.first?.devBucketName == "b")
    }

    @Test func unknownKeysWarnWithKeyAndFile() throws {
        let config = try WranglerConfig.parse("""
            main = "a.js"
            colour = "blue"
            [[durable_objects.bindings]]
            name = "A"
            class_name = "A"
            shard = 2
            """, file: "wrangler.toml")
        #expect(config.warnings.map(\.description) == [
            #"wrangler.toml: unknown key "colour" (ignored)"#,
            #"wrangler.toml: unknown key "durable_objects.bindings[0].shard" (ignored)"#,
        ])
    }

    @Test func invalidValuesNameKeyAndFile() {
        func error(_ text: String, _ file: String = "wrangler.toml") -> String {
            do {
                _ = try WranglerConfig.parse(text, file: file)
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        #expect(error("main = 3") == #"wrangler.toml: "main" must be a string, found an integer"#)
        #expect(error("[[durable_objects.bindings]]\nname = \"A\"")
                == #"wrangler.toml: "durable_objects.bindings[0].class_name" is required"#)
        #expect(error("compatibility_date = \"soon\"")
                == #"wrangler.toml: "compatibility_date" must be a date like "2024-09-23", found "soon""#)
        #expect(error("[[rules]]\ntype = \"Wat\"\nglobs = []").hasPrefix(#"wrangler.toml: "rules[0].type" must be one of"#))
        #expect(error("main = ").hasPrefix("wrangler.toml: invalid TOML at line 1"))
        #expect(error("{\n  \"main\": \"a.js\"\n  \"name\": \"x\"\n}", "wrangler.json")
                == "wrangler.json: invalid JSON at line 3, column 3: expected ',' or '}'")
    }

    @Test func moduleRulesFollowUserRulesThenDefaults() {
        let rules = ModuleRules(userRules: [ModuleRule(type: .text, globs: ["**/*.js.txt", "templates/*"], fallsThrough: false)])
        #expect(rules.type(of: "src/index.js") == .esModule)
        #expect(rules.type(of: "lib/x.cjs") == .commonJS)
        #expect(rules.type(of: "templates/page") == .text)
        #expect(rules.type(of: "notes.txt") == nil)  // the user's Text rule closed the default one
        #expect(rules.type(of: "README") == nil)
    }
}
