import { SafeText } from '../../components/SafeText';
import { parseForm } from '../../format/body';

export function FormView({ text }: { text: string }) {
  const fields = parseForm(text);
  return (
    <table className="kv-table" data-testid="form-view">
      <thead>
        <tr>
          <th>Field</th>
          <th>Value</th>
        </tr>
      </thead>
      <tbody>
        {fields.map(([k, v], i) => (
          <tr key={i}>
            <td className="kv-key">
              <SafeText text={k} />
            </td>
            <td className="kv-value">
              <SafeText text={v} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
