import type { DialogState } from '../stores/ui-store';
import { useStores, useUi } from '../stores/use-stores';
import { Contained } from './Contained';
import { CompareDialog } from './dialogs/CompareDialog';
import { ReplayEditorDialog } from './dialogs/ReplayEditor';
import { TestEventDialog } from './dialogs/TestEventDialog';
import { EndpointEditorDialog } from './endpoint/EndpointEditor';

/** The open dialog; one that fails is replaced by its error, with a way to close it. */
export function Dialogs() {
  const dialog = useUi((s) => s.dialog);
  const { ui } = useStores();
  if (!dialog) return null;
  return (
    <Contained name={`${dialog.kind.replace('-', ' ')} dialog`} resetKey={dialog} className="dialog-failed" onDismiss={() => ui.close()}>
      <OpenDialog dialog={dialog} />
    </Contained>
  );
}

function OpenDialog({ dialog }: { dialog: DialogState }) {
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
