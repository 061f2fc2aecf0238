import { useUi } from '../stores/use-stores';
import { CompareDialog } from './dialogs/CompareDialog';
import { ReplayEditorDialog } from './dialogs/ReplayEditor';
import { TestEventDialog } from './dialogs/TestEventDialog';
import { EndpointEditorDialog } from './endpoint/EndpointEditor';

export function Dialogs() {
  const dialog = useUi((s) => s.dialog);
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'endpoint-editor':
      return <EndpointEditorDialog endpointId={dialog.endpointId} />;
    case 'replay-editor':
      return <ReplayEditorDialog requestId={dialog.requestId} />;
    case 'test-event':
      return <TestEventDialog endpointId={dialog.endpointId} />;
    case 'compare':
      return <CompareDialog leftId={dialog.leftId} rightId={dialog.rightId} />;
    case 'tunnel-settings':
      return null;
  }
}
