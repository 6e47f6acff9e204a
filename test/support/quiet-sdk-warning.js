// The AWS SDK's eight-line notice about its future Node.js 22 floor would repeat in every test file's
// log on Node.js 20; the CLI shortens it to one line (lib/cli/node-warnings.ts, tested as a process).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
