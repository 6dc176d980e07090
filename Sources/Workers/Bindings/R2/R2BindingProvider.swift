import Foundation
import JavaScript
import Storage

/// Provides `env.<BINDING>` for each `[[r2_buckets]]` entry: Cloudflare's Workers R2 API (`R2Bucket`,
/// `R2Object`, `R2ObjectBody`, `R2MultipartUpload`, defined in `Scripts/r2-bucket.js`) over the Storage
/// module's buckets. `kiln dev` opens `preview_bucket_name` when set (as `wrangler dev` does), else
/// `bucket_name`, under the project's state folder, which the `kiln r2` CLI shares.
struct R2BindingProvider: BindingProvider {
    func install(in ctx: JSContext, workers: JSValue, environment: BindingEnvironment) throws {
        var bucketNames: [String: String] = [:]
        for binding in environment.config.r2Buckets { bucketNames[binding.binding] = binding.devBucketName }
        let stateDirectory = environment.stateDirectory
        let natives = R2Natives(resolveBucket: { [bucketNames] binding in
            guard let name = bucketNames[binding] else { throw R2BindingError.type("no R2 bucket is bound as \(binding)") }
            return try R2BucketDirectory.bucket(named: name, stateDirectory: stateDirectory)
        })
        let native = ctx.object()
        try natives.install(on: native, ctx)
        let glue = try ctx.evaluate("(function (native, workers) {\n\"use strict\";\n" + WorkerScripts.source("r2-bucket") + "\n})",
                                    sourceURL: "kiln:workers/r2-bucket.js", line: 0)
        try glue.call([native, workers])
    }
}
