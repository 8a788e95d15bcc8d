// The bottom line: the keys that do something now, each bold with a dim word.
import { Box, Text } from 'ink';

export interface KeyBarProperties {
  readonly keys: readonly (readonly [key: string, label: string])[];
  readonly width: number;
}

export function KeyBar({ keys, width }: KeyBarProperties) {
  // Drop labels from the right while the line is too long (the help overlay lists them all).
  let shown = keys;
  const len = (ks: typeof keys) => ks.reduce((n, [k, l]) => n + k.length + l.length + 3, -2);
  while (shown.length > 1 && len(shown) > width) shown = shown.slice(0, -1);
  return (
    <Box width={width} height={1} overflow="hidden">
      <Text wrap="truncate-end">
        {shown.map(([k, l], i) => (
          <Text key={k}>
            {i ? '  ' : ''}
            <Text bold color="cyan">{k}</Text>
            <Text dimColor>{` ${l}`}</Text>
          </Text>
        ))}
      </Text>
    </Box>
  );
}
