import { VirtualList } from '../../components/VirtualList';
import { hexLine, hexLineCount } from '../../format/body';

/** A hex dump of any size: 16 bytes a line, lines virtualised. */
export function HexView({ bytes }: { bytes: Uint8Array }) {
  return (
    <VirtualList
      count={hexLineCount(bytes)}
      rowHeight={20}
      label="Hex dump"
      className="hex-view"
      testId="hex-view"
      renderRow={(i) => {
        const line = hexLine(bytes, i);
        return (
          <div className="hex-line">
            <span className="hex-offset">{line.offset}</span>
            <span className="hex-bytes">{line.hex}</span>
            <span className="hex-ascii">{line.ascii}</span>
          </div>
        );
      }}
    />
  );
}
