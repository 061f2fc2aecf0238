import { PairTable } from '../../components/PairTable';
import { parseForm } from '../../format/body';

export function FormView({ text }: { text: string }) {
  return <PairTable pairs={parseForm(text)} columns={['Field', 'Value']} testId="form-view" />;
}
