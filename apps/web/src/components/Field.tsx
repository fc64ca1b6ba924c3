/** A labelled control of the settings form. */
import type { ReactNode } from 'react';

export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="field">
      <span>{label}</span>
      {children}
    </label>
  );
}

/** A file input that reports the picked files and then clears itself (so a file can be re-picked). */
export function FilePicker(props: {
  id: string;
  accept: string;
  multiple?: boolean;
  onFiles: (files: File[]) => void;
}) {
  return (
    <input
      id={props.id}
      type="file"
      accept={props.accept}
      multiple={props.multiple}
      onChange={(e) => {
        props.onFiles(Array.from(e.target.files ?? []));
        e.target.value = '';
      }}
    />
  );
}
