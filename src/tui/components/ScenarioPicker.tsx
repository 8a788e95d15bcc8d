// The scenario picker: the built-in scenarios, one a line, the chosen one in inverse.
import { Box, Text } from 'ink';
import { clip } from '../format.js';
import { Note, Section } from './Section.js';

export interface PickerItem {
  readonly name: string;
  readonly description?: string;
}

export interface ScenarioPickerProperties {
  readonly items: readonly PickerItem[];
  readonly selected: number;
  readonly width: number;
  readonly height: number;
  readonly error?: string;
}

export function ScenarioPicker({ items, selected, width, height, error }: ScenarioPickerProperties) {
  const room = Math.max(0, height - 3);
  // Scroll so the chosen item stays in view.
  const start = Math.min(Math.max(0, selected - room + 1), Math.max(0, items.length - room));
  const shown = items.slice(start, start + room);
  const nameW = Math.min(28, Math.max(8, ...items.map((i) => i.name.length)));
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Section title="Pick a scenario" width={width} note={`${items.length} built in`} />
      <Text dimColor wrap="truncate-end">{'  ↑/↓ choose, enter opens it; each runs on the simulator, natively, or both'}</Text>
      {items.length === 0 ? <Note>no scenarios</Note> : null}
      {shown.map((item, i) => {
        const on = start + i === selected;
        return (
          <Text key={item.name} wrap="truncate-end">
            <Text bold={on} color={on ? 'cyan' : undefined}>{on ? ' ▸ ' : '   '}</Text>
            <Text inverse={on} bold={on}>{clip(item.name, nameW).padEnd(nameW)}</Text>
            <Text dimColor={!on}>{item.description ? `  ${item.description}` : ''}</Text>
          </Text>
        );
      })}
      {error ? <Text color="red" wrap="truncate-end">{`  ${error}`}</Text> : null}
    </Box>
  );
}
