// The title line of a pane: a bold cyan name, an optional dim count or note, and a rule to the width.
import { Text } from 'ink';
import { clip } from '../format.js';

export interface SectionProperties {
  readonly title: string;
  readonly width: number;
  readonly note?: string;
}

export function Section({ title, width, note }: SectionProperties) {
  const head = `${title}${note ? ` ${note}` : ''} `;
  const rule = '─'.repeat(Math.max(0, width - head.length - 1));
  return (
    <Text wrap="truncate-end">
      <Text bold color="cyan">{clip(title, width)}</Text>
      {note ? <Text dimColor>{` ${note}`}</Text> : null}
      <Text dimColor>{` ${rule}`}</Text>
    </Text>
  );
}

/** A dim line of explanation ("not implemented yet", "none"). */
export function Note({ children }: { readonly children: string }) {
  return <Text dimColor wrap="truncate-end">{`  ${children}`}</Text>;
}
