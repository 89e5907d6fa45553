/** Tests and benchmarks encode CP932 with the app's own encoder (strict: unencodable text throws). */
export { encodeCp932 } from '../../src/core/cp932';
