/**
 * undici's own FormData: undici's `request()` cannot send Node's global FormData
 * (a different undici copy), so multipart bodies are built with this one. Kept
 * here because only `http/` imports undici.
 */
export { FormData } from 'undici';
