/** Whether the page opened on the customer list (no route, or #/customers): its data is asked for first. */
export function opensOnCustomerList(): boolean {
  const hash = window.location.hash.replace(/^#\/?/, '');
  return hash === '' || hash === 'customers';
}
