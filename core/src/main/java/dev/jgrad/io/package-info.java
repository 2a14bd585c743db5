/**
 * Tensor file formats, safe to read from untrusted sources: {@link dev.jgrad.io.SafeTensors}
 * (Hugging Face safetensors), {@link dev.jgrad.io.Npy} and {@link dev.jgrad.io.Npz} (NumPy), and
 * the strict bounded {@link dev.jgrad.io.Json} reader and writer they use.
 *
 * <p>Safety rules shared by every reader: nothing is deserialized with Java serialization or
 * pickle (NumPy object arrays are always refused); every length, offset and count in a file is
 * validated, with overflow checks, against the bytes actually present before anything is
 * allocated from it; headers, entry counts and decompressed sizes are capped
 * ({@link dev.jgrad.io.ReadOptions}); and every rejection is a
 * {@link dev.jgrad.io.TensorFileException} whose message names the file and what is wrong. The
 * readers are fuzzed (see the {@code *FuzzTest} classes in the tests): for any input the only
 * exception is that one.
 *
 * <p>Writers produce files that NumPy and the safetensors libraries read, write through a
 * temporary file renamed into place, and write every dtype jgrad has as its own file type
 * (FLOAT32, FLOAT64, INT32, INT64, BOOL); readers read every element type exactly into the
 * nearest jgrad dtype (see {@link dev.jgrad.io.SafeTensors} for the table).
 */
package dev.jgrad.io;
