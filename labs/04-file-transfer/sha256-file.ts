// Lab 04 starter: the SHA-256 of a file, read as a stream (README step 1).

/** Lowercase hex SHA-256 of the file, without loading it whole into memory. */
export async function sha256OfFile(path: string): Promise<string> {
  throw new Error(`TODO (README step 1): hash ${path}`);
}
