/**
 * The catalog editors, loaded on first use: the first screen does not need their code
 * (forms, validation, the editor shell), so it stays out of the start-up bundle. Each
 * renders nothing while its chunk loads (a local file: milliseconds), then the dialog.
 */
import { type ComponentProps, type ComponentType, type LazyExoticComponent, lazy, Suspense } from 'react';
import type * as Editors from './editors';

const load = () => import('./editors');
const Customer = lazy(() => load().then((m) => ({ default: m.CustomerEditor })));
const Asset = lazy(() => load().then((m) => ({ default: m.AssetEditor })));
const Contact = lazy(() => load().then((m) => ({ default: m.ContactEditor })));
const Contract = lazy(() => load().then((m) => ({ default: m.ContractEditor })));
const Vendor = lazy(() => load().then((m) => ({ default: m.VendorEditor })));
const Window = lazy(() => load().then((m) => ({ default: m.WindowEditor })));

function Deferred<P extends object>({
  editor: Editor,
  props,
}: {
  readonly editor: LazyExoticComponent<ComponentType<P>>;
  readonly props: P;
}) {
  return (
    <Suspense fallback={null}>
      <Editor {...props} />
    </Suspense>
  );
}

type Props<K extends keyof typeof Editors> = ComponentProps<(typeof Editors)[K]>;

export const CustomerEditor = (p: Props<'CustomerEditor'>) => <Deferred editor={Customer} props={p} />;
export const AssetEditor = (p: Props<'AssetEditor'>) => <Deferred editor={Asset} props={p} />;
export const ContactEditor = (p: Props<'ContactEditor'>) => <Deferred editor={Contact} props={p} />;
export const ContractEditor = (p: Props<'ContractEditor'>) => <Deferred editor={Contract} props={p} />;
export const VendorEditor = (p: Props<'VendorEditor'>) => <Deferred editor={Vendor} props={p} />;
export const WindowEditor = (p: Props<'WindowEditor'>) => <Deferred editor={Window} props={p} />;
