// Runs the CLI from source as its own process (for tests that need a real process: kill -9).
import { main } from '../src/cli';

main(process.argv.slice(2)).then((code) => process.exit(code));
