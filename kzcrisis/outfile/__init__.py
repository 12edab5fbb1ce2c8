"""The one writer of every file kzcrisis writes: exports, the curator's files, the cache.

An output lands whole under its name or not at all, and no other user can redirect it:

- the target's folder is opened once; everything after goes through that descriptor, so no path
  another user could change is looked up twice;
- the temporary file or folder is made in that folder (`O_EXCL`, `O_NOFOLLOW`, mode 0600/0700,
  an unguessable name), written through its own descriptor, `fsync`ed and `fchmod`ed through it
  (to 0666/0777 less the umask, unless a use asks otherwise), then renamed with the folder's
  descriptor; if the name then holds anything but what was written, the write fails loudly;
- a library that opens files by name (SQLite) writes inside a private folder (0700), and only
  where no other user can rename a folder on the way (`Outputs.path`);
- what may stand at the target: `kzcrisis.outfile.target` (never a pipe, a device, a socket);
- the temporary output is removed on any error and on Ctrl-C (`remove_temporaries`, which the
  command line's signal handler calls);
- a full disk is one `WriteFailed` naming the target, not the temporary file.

Standard library only, and nothing heavy at import: the cache writes through here on a first run.
"""

from __future__ import annotations

from kzcrisis._face import lazy_face

TYPE_CHECKING = False  # not typing's: see kzcrisis/__init__.py
if TYPE_CHECKING:
    from kzcrisis.outfile.outputs import OutputFolder, Outputs, output_file, output_folder, write_bytes
    from kzcrisis.outfile.target import MARKER, STDOUT, check_output
    from kzcrisis.outfile.temp import WriteFailed, remove_entry, remove_temporaries

__all__ = [
    "MARKER",
    "STDOUT",
    "OutputFolder",
    "Outputs",
    "WriteFailed",
    "check_output",
    "output_file",
    "output_folder",
    "remove_entry",
    "remove_temporaries",
    "write_bytes",
]

# each module of this package -> the names it gives the face
__getattr__ = lazy_face(
    __name__,
    {
        "outputs": ("OutputFolder", "Outputs", "output_file", "output_folder", "write_bytes"),
        "target": ("MARKER", "STDOUT", "check_output"),
        "temp": ("WriteFailed", "remove_entry", "remove_temporaries"),
    },
)
