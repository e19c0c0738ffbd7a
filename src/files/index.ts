// Files and folders: what Node's own calls get wrong on some file systems.
export { makeDirsSync } from "./make-dirs.js";
